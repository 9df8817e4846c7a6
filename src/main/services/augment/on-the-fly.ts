/**
 * Augmentation on the fly: the function the training data loader calls per
 * batch of decoded samples. Only train-split samples are changed (augmenting
 * what the model is evaluated on would flatter it); the others pass through
 * untouched. Epoch e of sample k gets the same variant an export writes as
 * variant e of k, so runs are reproducible and a resumed run sees exactly
 * the data an uninterrupted one would.
 */
import type { SplitName } from '../../../shared/contract/index.ts';
import { augment, compileRecipe, type Applied } from './engine.ts';
import type { AnyData } from './sample-io.ts';
import { contextFor } from './task.ts';
import { loadWordNet } from './text/wordnet.ts';

export interface BatchItem<S extends AnyData = AnyData> {
  key: string;
  split: SplitName | null;
  label: string | null;
  data: S;
}

export interface AugmentedBatch<S extends AnyData = AnyData> {
  data: S[];
  /** What ran on each item ([] for items left as they were). */
  applied: Applied[][];
}

export interface OnTheFly {
  readonly modality: string;
  augmentBatch<S extends AnyData>(items: Array<BatchItem<S>>, epoch: number): Promise<AugmentedBatch<S>>;
}

/** Compiles the recipe once (validating it) and returns the per-batch function. */
export async function onTheFly(recipe: unknown, seed: number): Promise<OnTheFly> {
  const pipeline = compileRecipe(recipe);
  if (pipeline.recipe.modality === 'text') await loadWordNet();
  const ctx = contextFor(pipeline);
  const only = pipeline.recipe.classes?.length ? new Set(pipeline.recipe.classes) : null;
  return {
    modality: pipeline.recipe.modality,
    async augmentBatch<S extends AnyData>(items: Array<BatchItem<S>>, epoch: number): Promise<AugmentedBatch<S>> {
      if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`epoch must be a non-negative integer, got ${epoch}`);
      const results = await Promise.all(items.map(async (item) => {
        if (item.split !== 'train' || (only && (item.label === null || !only.has(item.label)))) return { output: item.data, applied: [] as Applied[] };
        return augment(pipeline, item.data, { seed, key: item.key, variant: epoch }, ctx);
      }));
      return { data: results.map((r) => r.output), applied: results.map((r) => r.applied) };
    },
  };
}

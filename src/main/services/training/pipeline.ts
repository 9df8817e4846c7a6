/**
 * From samples to batches of tensors for one run: read and decode each
 * example of a batch (concurrently: sharp and file reads run off the JS
 * thread), augment train examples on the fly with the run's recipe, apply
 * the preprocessing that is saved with the model, and pack the batch into one
 * typed array. Nothing is cached: memory holds a batch or two, whatever the
 * dataset's size.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { presets } from '../../../shared/augment/presets.ts';
import { TrainyardError } from '../../../shared/contract/index.ts';
import type { TrainConfig } from '../../../shared/training/config.ts';
import type { ModelKind, ModelSpec } from '../../../shared/training/models.ts';
import { onTheFly, type OnTheFly } from '../augment/on-the-fly.ts';
import type { AnyData } from '../augment/sample-io.ts';
import type { Tf, Tfl } from './backend/select.ts';
import type { TrainItem, TrainingSet } from './dataset.ts';
import { BatchOrder } from './dataset.ts';
import { fitInputs, loadInputs, readExample, saveInputs, type Example, type InputEncoder, type InputKind } from './inputs.ts';
import type { ArrayBatch, BatchSource } from './loop.ts';
import { featureNames } from '../features/index.ts';
import { buildModel, regularizationLoss } from './models/build.ts';
import { regressionFeatures, topFeatures } from './models/dense.ts';

export interface TrainPipeline {
  model: LayersModel;
  spec: ModelSpec;
  source: BatchSource;
  regularization(): ReturnType<typeof regularizationLoss>;
  /** Writes the model package: topology, weights and the preprocessing it needs. */
  saveModel(dir: string): Promise<void>;
  /** For linear models: the features (n-grams, columns) that push hardest toward each class, or up and down for regression. */
  explain(n?: number): Array<{ class: string; features: Array<{ feature: string; weight: number }> }> | null;
}

export interface PipelineOptions {
  tf: Tf;
  tfl: Tfl;
  set: TrainingSet;
  config: TrainConfig;
  model: string;
  /** The run's folder: the fitted preprocessing is kept there so a resume reuses it exactly. */
  dir: string;
  resume: boolean;
}

function recipeOf(config: TrainConfig): unknown {
  const r = config.augmentRecipe;
  if (r === null) return null;
  if (typeof r === 'string') {
    const preset = presets[r];
    if (!preset) throw new TrainyardError('invalid_input', `augmentRecipe: no preset "${r}" (presets: ${Object.keys(presets).join(', ')})`);
    return preset;
  }
  return r;
}

async function encodeBatch(enc: InputEncoder, items: TrainItem[], data: Example[]): Promise<ArrayBatch> {
  const x = await enc.encode(data);
  return { x, y: enc.regression ? enc.regression.targets(data) : Int32Array.from(items, (it) => it.label) };
}

export async function buildPipeline(o: PipelineOptions): Promise<TrainPipeline> {
  const { tf, tfl, set, config } = o;
  const kind: InputKind = config.modality === 'tabular' ? 'tabular' : set.modality;
  // The run folder keeps the fitted preprocessing, so a resume reuses it exactly instead of refitting.
  const encoder = o.resume && fs.existsSync(path.join(o.dir, 'preprocessing.json'))
    ? await loadInputs(o.dir)
    : await fitInputs(set, o.model as ModelKind, config, kind);
  if (!o.resume) await saveInputs(o.dir, encoder);
  const recipe = recipeOf(config);
  const augmenter: OnTheFly | null = recipe ? await onTheFly(recipe, config.seed) : null;
  if (augmenter && augmenter.modality !== set.modality) throw new TrainyardError('invalid_input', `augmentRecipe: the recipe is for ${augmenter.modality}, the dataset holds ${set.modality}`);

  const regression = set.task === 'regression';
  if (regression !== Boolean(encoder.regression)) throw new TrainyardError('internal', 'the saved preprocessing does not match the run\'s task');
  const spec: ModelSpec = {
    model: o.model as ModelKind, inputShape: encoder.shape, outputs: regression ? 1 : set.classes.length, seed: config.seed, task: set.task,
    options: config.modelOptions, ...(encoder.vocabSize ? { vocabSize: encoder.vocabSize } : {}),
  };
  const model = buildModel(tf, tfl, spec);
  const order = new BatchOrder(set.train, config.seed);

  async function load(items: TrainItem[]): Promise<Example[]> {
    return Promise.all(items.map((it) => readExample(kind, it)));
  }

  const source: BatchSource = {
    ...(encoder.regression ? { targetStd: encoder.regression.std } : {}),
    async trainBatch(cursor, size, epoch) {
      const items = order.batch(cursor, size);
      let data = await load(items);
      if (augmenter) {
        const out = await augmenter.augmentBatch(items.map((it, i) => ({ key: it.key, split: 'train' as const, label: set.classes[it.label]!, data: data[i] as AnyData })), epoch);
        data = out.data;
      }
      return encodeBatch(encoder, items, data);
    },
    async *validationBatches(size) {
      for (let i = 0; i < set.validation.length; i += size) {
        const items = set.validation.slice(i, i + size);
        yield encodeBatch(encoder, items, await load(items));
      }
    },
  };

  return {
    model, spec, source,
    regularization: () => regularizationLoss(tf, model),
    explain(n = 15) {
      const names = featureNames(encoder.state);
      if (!names || !['bow-logreg', 'linear'].includes(o.model)) return null;
      if (regression) return regressionFeatures(model, names, set.target!, n);
      return topFeatures(model, names, n).map((features, c) => ({ class: set.classes[c]!, features }));
    },
    async saveModel(dir) {
      fs.mkdirSync(dir, { recursive: true });
      await model.save(tf.io.withSaveHandler(async (artifacts) => {
        const weights = Buffer.from(artifacts.weightData as ArrayBuffer);
        fs.writeFileSync(path.join(dir, 'weights.bin'), weights);
        fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
          format: 'trainyard-model', version: 1, modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
          spec, classes: set.classes, ...(set.target ? { target: set.target } : {}),
        }));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.length } };
      }));
      await saveInputs(dir, encoder);
    },
  };
}

/**
 * The overfit check ("simplify the problem"): at most 10 classes × 100
 * train examples, no augmentation or regularisation, evaluated on those same
 * examples. A correct pipeline memorises them; if it cannot, something is
 * wrong before any long run is worth starting, and the evidence says where
 * to look: the first loss against ln(classes), the loss curve, the labels.
 */
import { hashKey } from '../../../shared/rng.ts';
import type { TrainConfig } from '../../../shared/training/config.ts';
import { MODEL_CATALOGUE, type ModelKind } from '../../../shared/training/models.ts';
import type { TrainingSet } from './dataset.ts';
import type { LoopState } from './loop.ts';

export const OVERFIT = { maxClasses: 10, perClass: 100, passes: 40, target: 0.9 } as const;

export function overfitSubset(set: TrainingSet, seed: number): TrainingSet {
  const classes = set.classes.slice(0, OVERFIT.maxClasses);
  const picked = classes.flatMap((_, c) => set.train
    .filter((it) => it.label === c)
    .map((it) => ({ it, h: hashKey(it.key, seed) }))
    .sort((a, b) => a.h - b.h)
    .slice(0, OVERFIT.perClass)
    .map((x) => x.it));
  return { ...set, classes, train: picked, validation: picked, test: [] };
}

/** dropout and l2 at 0, for the knobs this model has. */
function noRegularisation(model: string): Record<string, number> {
  const knobs = MODEL_CATALOGUE[model as ModelKind]?.knobs ?? [];
  return Object.fromEntries(knobs.filter((k) => k.key === 'dropout' || k.key === 'l2').map((k) => [k.key, 0]));
}

/** The step budget: 40 passes over the subset, in 8 epochs; no early stopping, nothing that regularises. */
export function overfitConfig(config: TrainConfig, subsetSize: number): TrainConfig {
  return {
    ...config, augmentRecipe: null, earlyStopping: false, reduceLrOnPlateau: false, classWeights: 'none', keepBest: 1, checkpoints: 8,
    totalExamples: Math.max(subsetSize * OVERFIT.passes, config.batchSize * 8), modelOptions: { ...config.modelOptions, ...noRegularisation(config.model) },
  };
}

export interface OverfitVerdict {
  passed: boolean;
  accuracy: number;
  steps: number;
  initialLoss: number | null;
  expectedInitialLoss: number;
  lossCurve: number[];
  classCounts: Record<string, number>;
  verdict: string;
}

export function overfitVerdict(state: LoopState, set: TrainingSet, firstLoss: number | null): OverfitVerdict {
  const last = state.history.at(-1)?.metrics;
  const accuracy = last?.val_accuracy ?? 0;
  const expected = Math.log(set.classes.length);
  const classCounts = Object.fromEntries(set.classes.map((c, i) => [c, set.train.filter((it) => it.label === i).length]));
  const passed = accuracy >= OVERFIT.target;
  const hints: string[] = [];
  if (firstLoss !== null && (firstLoss > expected * 3 || firstLoss < expected * 0.3)) {
    hints.push(`the first loss ${firstLoss.toFixed(3)} is far from ln(${set.classes.length}) = ${expected.toFixed(3)}: check the output layer, the loss and the labels`);
  }
  const curve = state.history.map((h) => h.metrics.loss!);
  if (curve.length > 1 && curve.at(-1)! >= curve[0]! * 0.95) hints.push('the training loss barely moved: check the learning rate and that inputs are not constant or all zero');
  const counts = Object.values(classCounts);
  if (Math.min(...counts) * 5 < Math.max(...counts)) hints.push('the classes are very unbalanced in the subset');
  const verdict = passed
    ? `passed: ${(accuracy * 100).toFixed(1)}% accuracy on ${set.train.length} memorised examples after ${state.step} steps`
    : `failed: ${(accuracy * 100).toFixed(1)}% accuracy (< ${OVERFIT.target * 100}%) after ${state.step} steps; the pipeline probably has a bug${hints.length ? `: ${hints.join('; ')}` : ''}`;
  return { passed, accuracy, steps: state.step, initialLoss: firstLoss, expectedInitialLoss: expected, lossCurve: curve, classCounts, verdict };
}

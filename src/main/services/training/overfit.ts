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
import type { TrainItem, TrainingSet } from './dataset.ts';
import type { LoopState } from './loop.ts';

export const OVERFIT = { maxClasses: 10, perClass: 100, passes: 40, target: 0.9, regressionSamples: 1000 } as const;

/** The subset memorised: per class the first by a seeded hash of the key, or (regression) up to 1,000 samples so chosen. */
export function overfitSubset(set: TrainingSet, seed: number): TrainingSet {
  if (set.task === 'regression') {
    const picked = firstByHash(set.train, seed, OVERFIT.regressionSamples);
    return { ...set, train: picked, validation: picked, test: [] };
  }
  const classes = set.classes.slice(0, OVERFIT.maxClasses);
  const picked = classes.flatMap((_, c) => firstByHash(set.train.filter((it) => it.label === c), seed, OVERFIT.perClass));
  return { ...set, classes, train: picked, validation: picked, test: [] };
}

function firstByHash(items: TrainItem[], seed: number, n: number): TrainItem[] {
  return items.map((it) => ({ it, h: hashKey(it.key, seed) })).sort((a, b) => a.h - b.h).slice(0, n).map((x) => x.it);
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
  /** The score on the memorised examples, named by `metric`: accuracy, or R² for regression. */
  score: number;
  metric: 'accuracy' | 'r2';
  /** Kept for classification callers: the same number as `score`. */
  accuracy: number;
  /** Whether the first loss was near what an untrained model gives (false points at the output layer, loss or labels). */
  initialLossOk: boolean | null;
  steps: number;
  initialLoss: number | null;
  expectedInitialLoss: number;
  lossCurve: number[];
  classCounts: Record<string, number>;
  verdict: string;
}

export function overfitVerdict(state: LoopState, set: TrainingSet, firstLoss: number | null): OverfitVerdict {
  const last = state.history.at(-1)?.metrics;
  const regression = set.task === 'regression';
  const score = (regression ? last?.val_r2 : last?.val_accuracy) ?? 0;
  // At the start a softmax over k classes gives ln(k); a fresh regression head, about the variance of the standardised target: 1.
  const expected = regression ? 1 : Math.log(set.classes.length);
  const classCounts = regression ? {} : Object.fromEntries(set.classes.map((c, i) => [c, set.train.filter((it) => it.label === i).length]));
  const passed = Number.isFinite(score) && score >= OVERFIT.target;
  const hints: string[] = [];
  // A fresh regression head adds its own output variance to the target's 1: allow it one more.
  const initialLossOk = firstLoss === null ? null : firstLoss <= expected * 3 + (regression ? 1 : 0) && firstLoss >= expected * 0.3;
  if (initialLossOk === false) {
    const what = regression ? 'about 1 (the standardised target\'s variance)' : `ln(${set.classes.length}) = ${expected.toFixed(3)}`;
    hints.push(`the first loss ${firstLoss!.toFixed(3)} is far from ${what}: check the output layer, the loss and the ${regression ? 'target' : 'labels'}`);
  }
  const curve = state.history.map((h) => h.metrics.loss!);
  if (curve.length > 1 && curve.at(-1)! >= curve[0]! * 0.95) hints.push('the training loss barely moved: check the learning rate and that inputs are not constant or all zero');
  const counts = Object.values(classCounts);
  if (counts.length && Math.min(...counts) * 5 < Math.max(...counts)) hints.push('the classes are very unbalanced in the subset');
  const shown = regression ? `R² ${score.toFixed(3)}` : `${(score * 100).toFixed(1)}% accuracy`;
  const bar = regression ? `R² ${OVERFIT.target}` : `${OVERFIT.target * 100}%`;
  const verdict = passed
    ? `passed: ${shown} on ${set.train.length} memorised examples after ${state.step} steps`
    : `failed: ${shown} (< ${bar}) after ${state.step} steps; the pipeline probably has a bug${hints.length ? `: ${hints.join('; ')}` : ''}`;
  return { passed, score, metric: regression ? 'r2' : 'accuracy', accuracy: score, initialLossOk, steps: state.step, initialLoss: firstLoss, expectedInitialLoss: expected, lossCurve: curve, classCounts, verdict };
}

/**
 * A training run's configuration: what the launch dialog edits, what
 * `trainyard train --config FILE` reads, and what the run stores. Strict:
 * an unknown field or an out-of-range value is rejected with the field named.
 *
 * Virtual epochs: the user chooses how many training examples the run sees
 * in total and how many checkpoints to take; an "epoch" is the stretch
 * between two checkpoints. Growing the dataset therefore never silently
 * changes the amount of training.
 */
import { z } from 'zod';
import { Modality } from '../contract/schemas.ts';

/**
 * Validation metrics a callback may watch. Classification reports val_loss
 * (cross-entropy) and val_accuracy; regression val_loss (MSE of the
 * standardised target), val_mae and val_rmse (in the target's units) and val_r2.
 */
export const MONITORS = ['val_loss', 'val_accuracy', 'val_mae', 'val_rmse', 'val_r2'] as const;
export const Monitor = z.enum(MONITORS);
export const CLASSIFICATION_MONITORS: readonly string[] = ['val_loss', 'val_accuracy'];
export const REGRESSION_MONITORS: readonly string[] = ['val_loss', 'val_mae', 'val_rmse', 'val_r2'];

export const EarlyStopping = z.object({
  /** Metric watched on the validation split. */
  monitor: Monitor.default('val_loss'),
  /** Epochs without improvement before stopping. */
  patience: z.number().int().min(1).max(1000).default(3),
  /** Smallest change that counts as an improvement. */
  minDelta: z.number().min(0).max(1).default(0.001),
  /** Put back the best epoch's weights when stopping. */
  restoreBest: z.boolean().default(true),
}).strict();
export type EarlyStopping = z.infer<typeof EarlyStopping>;

export const ReduceLrOnPlateau = z.object({
  monitor: Monitor.default('val_loss'),
  /** Multiply the learning rate by this after `patience` epochs without improvement. */
  factor: z.number().gt(0).lt(1).default(0.5),
  patience: z.number().int().min(1).max(1000).default(2),
  minLr: z.number().min(0).max(1).default(1e-6),
}).strict();
export type ReduceLrOnPlateau = z.infer<typeof ReduceLrOnPlateau>;

export const MODEL_NAMES = ['auto', 'cnn', 'bow-logreg', 'lstm', 'mfcc-lstm', 'mfcc-cnn', 'linear', 'mlp'] as const;
export const ModelName = z.enum(MODEL_NAMES);
export type ModelName = z.infer<typeof ModelName>;

export const BackendPreference = z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);

export const TrainConfig = z.object({
  /** Dataset by name; default: the only dataset of `modality`, or the only dataset. */
  dataset: z.string().min(1).max(100).optional(),
  modality: z.union([Modality, z.literal('tabular')]).optional(),
  model: ModelName.default('auto'),
  /** Model knobs (width, depth, dropout, l2 …); see the model catalogue. */
  modelOptions: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  /**
   * Tabular runs (modality "tabular" on a CSV-imported dataset): the column-type step. Each metadata column's type
   * (numeric, categorical, date, text, id); unlisted ones are inferred from the train rows. Text and id columns are not features.
   */
  columns: z.record(z.string().min(1).max(200), z.enum(['numeric', 'categorical', 'date', 'text', 'id'])).default({}),
  /**
   * Tabular runs: `classification` of the sample's label, or `regression` on a numeric column (`target`).
   * Default: the dataset's task (set at import), else classification, or regression when `target` is given.
   */
  task: z.enum(['classification', 'regression']).optional(),
  /** Regression: the numeric column to predict; default: the label column of a regression dataset. */
  target: z.string().min(1).max(200).optional(),
  /** Date columns become these parts (day of week, day of month, month as sin/cos; year standardised). */
  dateParts: z.array(z.enum(['dayOfWeek', 'dayOfMonth', 'month', 'year'])).min(1).max(4).default(['dayOfWeek', 'dayOfMonth', 'month', 'year']),
  /** Images are resized to this square (pixels) before the CNN; part of the saved preprocessing. */
  imageSize: z.number().int().min(8).max(512).default(32),
  batchSize: z.number().int().min(1).max(4096).default(32),
  learningRate: z.number().gt(0).max(10).default(0.001),
  /** Training examples seen over the whole run (the virtual-epoch budget). */
  totalExamples: z.number().int().min(1).max(1e10).default(20_000),
  /** Checkpoints over the run; one virtual epoch ends at each. */
  checkpoints: z.number().int().min(1).max(10_000).default(10),
  /** How many best checkpoints to keep besides the last. */
  keepBest: z.number().int().min(0).max(100).default(3),
  earlyStopping: z.union([EarlyStopping, z.literal(false)]).default({ monitor: 'val_loss', patience: 3, minDelta: 0.001, restoreBest: true }),
  reduceLrOnPlateau: z.union([ReduceLrOnPlateau, z.literal(false)]).default(false),
  /** Weight classes inversely to their frequency in train. */
  classWeights: z.enum(['none', 'balanced']).default('none'),
  /** A recipe object or a preset name, applied on the fly to the train split. */
  augmentRecipe: z.union([z.string().min(1).max(100), z.record(z.string(), z.unknown())]).nullable().default(null),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  backend: BackendPreference.default('auto'),
  /** Stop after this many optimizer steps (for checks and tests); null: the budget decides. */
  maxSteps: z.number().int().min(1).nullable().default(null),
}).strict();
export type TrainConfig = z.infer<typeof TrainConfig>;
export type TrainConfigInput = z.input<typeof TrainConfig>;

export interface VirtualEpochs {
  stepsPerEpoch: number;
  epochs: number;
  examplesPerEpoch: number;
  totalSteps: number;
  /** One line for the launch dialog and the CLI. */
  explain: string;
}

/** steps per epoch = total ÷ (batch × checkpoints), at least one. */
export function virtualEpochs(c: Pick<TrainConfig, 'totalExamples' | 'batchSize' | 'checkpoints'>, trainSize?: number): VirtualEpochs {
  const stepsPerEpoch = Math.max(1, Math.round(c.totalExamples / (c.batchSize * c.checkpoints)));
  const examplesPerEpoch = stepsPerEpoch * c.batchSize;
  const passes = trainSize ? ` ≈ ${((examplesPerEpoch * c.checkpoints) / trainSize).toFixed(1)} passes over ${trainSize} train samples` : '';
  return {
    stepsPerEpoch,
    epochs: c.checkpoints,
    examplesPerEpoch,
    totalSteps: stepsPerEpoch * c.checkpoints,
    explain: `${c.totalExamples} examples ÷ (batch ${c.batchSize} × ${c.checkpoints} checkpoints) = ${stepsPerEpoch} steps per epoch${passes}`,
  };
}

/** Parses a config, naming each bad field: `batchSize: Too small: expected number to be >=1`. */
export function parseTrainConfig(input: unknown): { ok: true; config: TrainConfig } | { ok: false; issues: Array<{ path: string; message: string }> } {
  const r = TrainConfig.safeParse(input ?? {});
  if (r.success) return { ok: true, config: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : [];
      const path = [...i.path.map(String), ...keys].join('.') || 'config';
      const message = i.code === 'unrecognized_keys' ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}` : i.message;
      return { path, message: `${path}: ${message}` };
    }),
  };
}

/** Contract shapes of training: run summaries and details, the launch plan, search. */
import { z } from 'zod';
import { Id } from './schemas.ts';

export const RunStatus = z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']);
export const Metrics = z.record(z.string(), z.number());
export const EpochRecord = z.object({ epoch: z.number().int(), step: z.number().int(), metrics: Metrics });

export const RunSummary = z.object({
  id: z.string(),
  datasetId: Id,
  kind: z.enum(['train', 'overfit', 'trial']),
  parentId: z.string().nullable(),
  status: RunStatus,
  model: z.string(),
  backend: z.string().nullable(),
  epoch: z.number().int(),
  checkpoints: z.number().int(),
  best: z.object({ epoch: z.number().int(), metrics: Metrics }).nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunDetail = RunSummary.extend({
  config: z.record(z.string(), z.unknown()),
  versions: z.record(z.string(), z.string()),
  dataFingerprint: z.string().nullable(),
  history: z.array(EpochRecord),
  checkpointList: z.array(z.object({ epoch: z.number().int(), dir: z.string(), metric: z.number().nullable() })),
  /** Linear text models: the n-grams with the most weight toward each class (null for other models). */
  topFeatures: z.array(z.object({ class: z.string(), features: z.array(z.object({ feature: z.string(), weight: z.number() })) })).nullable().default(null),
});
export type RunDetail = z.infer<typeof RunDetail>;

/** What the launch dialog shows before starting: the resolved dataset, model and virtual-epoch arithmetic. */
export const TrainPlan = z.object({
  datasetId: Id,
  dataset: z.string(),
  modality: z.string(),
  model: z.string(),
  /** Class names (classification); empty for regression. */
  classes: z.array(z.string()),
  task: z.enum(['classification', 'regression']),
  /** Regression: the column predicted. */
  target: z.string().nullable(),
  /**
   * Tabular runs: the column-type step's outcome, every column with the type it is used as
   * ("label" marks the regression target; text and id columns are not features) and where that type came from.
   */
  columns: z.array(z.object({
    name: z.string(), type: z.enum(['numeric', 'categorical', 'date', 'text', 'id', 'label']), from: z.enum(['config', 'import', 'inferred', 'target']),
  })).nullable(),
  trainSize: z.number().int(),
  validationSize: z.number().int(),
  stepsPerEpoch: z.number().int(),
  epochs: z.number().int(),
  examplesPerEpoch: z.number().int(),
  totalSteps: z.number().int(),
  explain: z.string(),
  config: z.record(z.string(), z.unknown()),
});
export type TrainPlan = z.infer<typeof TrainPlan>;

/** Hyperparameter search space: each knob a list of values (grid) or values to draw from (random). */
export const SearchSpace = z.object({
  learningRate: z.array(z.number().gt(0).max(10)).min(1).max(20).optional(),
  batchSize: z.array(z.number().int().min(1).max(4096)).min(1).max(20).optional(),
  width: z.array(z.number().int().min(1).max(4096)).min(1).max(20).optional(),
  depth: z.array(z.number().int().min(1).max(16)).min(1).max(20).optional(),
  dropout: z.array(z.number().min(0).max(0.95)).min(1).max(20).optional(),
  l2: z.array(z.number().min(0).max(1)).min(1).max(20).optional(),
}).strict();
export type SearchSpace = z.infer<typeof SearchSpace>;

/**
 * The launch dialog's form, flat and easy to bind, and its translation into a
 * training config (`TrainConfigInput`, what `training.plan` / `training.start`
 * take). Defaults come from the config schema itself, so the dialog and
 * `trainyard train` without a config always agree.
 */
import { CLASSIFICATION_MONITORS, EarlyStopping, REGRESSION_MONITORS, ReduceLrOnPlateau, TrainConfig, type TrainConfigInput } from '@shared/training/config.ts';
import { AUTO_MODEL, MODEL_CATALOGUE, resolveModelOptions, type Knob, type ModelKind, type ModelModality } from '@shared/training/models.ts';

export type Monitor = EarlyStopping['monitor'];
export type Backend = TrainConfig['backend'];
export type ColumnChoice = TrainConfig['columns'][string];
export type DatePart = TrainConfig['dateParts'][number];
export const COLUMN_CHOICES: ColumnChoice[] = ['numeric', 'categorical', 'date', 'text', 'id'];
export const DATE_PARTS: Array<{ value: DatePart; label: string }> = [
  { value: 'dayOfWeek', label: 'Day of week' }, { value: 'dayOfMonth', label: 'Day of month' }, { value: 'month', label: 'Month' }, { value: 'year', label: 'Year' },
];

export interface LaunchForm {
  model: string;
  /** Images only: the square they are resized to. */
  imageSize: number;
  batchSize: number;
  learningRate: number;
  totalExamples: number;
  checkpoints: number;
  keepBest: number;
  earlyStopping: boolean;
  esMonitor: Monitor;
  esPatience: number;
  esMinDelta: number;
  esRestoreBest: boolean;
  reduceLr: boolean;
  lrMonitor: Monitor;
  lrFactor: number;
  lrPatience: number;
  lrMinLr: number;
  classWeights: 'none' | 'balanced';
  /** '' (none), `preset:NAME` or `saved:ID`. */
  augment: string;
  seed: number;
  backend: Backend;
  /** Model knobs (width, depth, dropout, l2 …), passed through as `modelOptions`. */
  modelOptions: Record<string, number | string | boolean>;
  /** Text datasets: train on the metadata columns (a table) instead of the text. */
  asTable: boolean;
  /** Tabular: '' takes the dataset's task. */
  task: '' | 'classification' | 'regression';
  /** Regression: the column to predict; '' takes the dataset's label column. */
  target: string;
  /** Tabular: column types chosen here, over the import's and the inferred ones. */
  columns: Record<string, ColumnChoice>;
  dateParts: DatePart[];
}

/** What a run on this dataset trains on: its modality, or tabular for a text dataset's columns. */
export function inputKind(f: Pick<LaunchForm, 'asTable'>, modality: string): string {
  return modality === 'text' && f.asTable ? 'tabular' : modality;
}

/** The validation metrics a task reports, i.e. what the callbacks may watch. */
export function monitorsFor(task: string): Monitor[] {
  return [...(task === 'regression' ? REGRESSION_MONITORS : CLASSIFICATION_MONITORS)] as Monitor[];
}

export function defaultForm(): LaunchForm {
  const d = TrainConfig.parse({});
  // Switched-off sections still show their own defaults, ready to switch on.
  const es = d.earlyStopping || EarlyStopping.parse({});
  const lr = d.reduceLrOnPlateau || ReduceLrOnPlateau.parse({});
  return {
    model: d.model, imageSize: d.imageSize, batchSize: d.batchSize, learningRate: d.learningRate, totalExamples: d.totalExamples, checkpoints: d.checkpoints,
    keepBest: d.keepBest, earlyStopping: d.earlyStopping !== false, esMonitor: es.monitor, esPatience: es.patience, esMinDelta: es.minDelta,
    esRestoreBest: es.restoreBest, reduceLr: d.reduceLrOnPlateau !== false, lrMonitor: lr.monitor, lrFactor: lr.factor, lrPatience: lr.patience,
    lrMinLr: lr.minLr, classWeights: d.classWeights, augment: '', seed: d.seed, backend: d.backend, modelOptions: { ...d.modelOptions },
    asTable: false, task: '', target: '', columns: {}, dateParts: [...d.dateParts],
  };
}

/**
 * The config for a form. `recipes` holds saved recipes already fetched (by id);
 * a preset goes by name, which the engine resolves itself.
 */
export function toConfig(f: LaunchForm, dataset: string, recipes: ReadonlyMap<number, Record<string, unknown>> = new Map(), modality = ''): TrainConfigInput {
  let augmentRecipe: TrainConfigInput['augmentRecipe'] = null;
  if (f.augment.startsWith('preset:')) augmentRecipe = f.augment.slice('preset:'.length);
  else if (f.augment.startsWith('saved:')) augmentRecipe = recipes.get(Number(f.augment.slice('saved:'.length))) ?? null;
  const table = inputKind(f, modality) === 'tabular';
  const regression = table && (f.task === 'regression' || (!f.task && !!f.target));
  return {
    dataset,
    ...(table ? {
      modality: 'tabular' as const, columns: { ...f.columns }, dateParts: [...f.dateParts],
      ...(f.task ? { task: f.task } : {}), ...(regression && f.target ? { target: f.target } : {}),
    } : {}),
    model: f.model as TrainConfigInput['model'],
    modelOptions: { ...f.modelOptions },
    ...(modality === 'image' ? { imageSize: f.imageSize } : {}),
    batchSize: f.batchSize,
    learningRate: f.learningRate,
    totalExamples: f.totalExamples,
    checkpoints: f.checkpoints,
    keepBest: f.keepBest,
    earlyStopping: f.earlyStopping ? { monitor: f.esMonitor, patience: f.esPatience, minDelta: f.esMinDelta, restoreBest: f.esRestoreBest } : false,
    reduceLrOnPlateau: f.reduceLr ? { monitor: f.lrMonitor, factor: f.lrFactor, patience: f.lrPatience, minLr: f.lrMinLr } : false,
    classWeights: regression ? 'none' : f.classWeights,
    augmentRecipe: table ? null : augmentRecipe,
    seed: f.seed,
    backend: f.backend,
  };
}

/** The model "auto" stands for on this modality, or the chosen one. */
export function resolvedModel(model: string, modality: string): ModelKind | null {
  if (model !== 'auto') return model in MODEL_CATALOGUE ? (model as ModelKind) : null;
  return AUTO_MODEL[modality as ModelModality] ?? null;
}

/** The catalogue's knobs of a model (width, depth, dropout, l2 …), with defaults, ranges and help. */
export function modelKnobs(model: string, modality: string): readonly Knob[] {
  const m = resolvedModel(model, modality);
  return m ? MODEL_CATALOGUE[m].knobs : [];
}

/** Problems with the model options, named as the service names them (`modelOptions.width: …`). */
export function modelOptionIssues(f: LaunchForm, modality: string): Array<{ path: string; message: string }> {
  const m = resolvedModel(f.model, modality);
  if (!m) return [];
  const r = resolveModelOptions(m, f.modelOptions);
  return r.ok ? [] : r.issues;
}

/** One line of help per knob, shown under each field. */
export const HELP = {
  model: 'auto picks the baseline for this modality; its preprocessing is saved with the model.',
  imageSize: 'Images are resized to this square (pixels); saved with the model as its preprocessing.',
  batchSize: 'Examples per optimizer step: larger is smoother and faster per example, but needs more memory.',
  learningRate: 'Adam step size: lower it if the loss jumps around or turns NaN.',
  totalExamples: 'Examples seen over the whole run: the training budget, unchanged when the dataset grows.',
  checkpoints: 'Checkpoints over the run; each ends a virtual epoch with a validation pass.',
  keepBest: 'Best checkpoints kept besides the last (by the monitored metric); older ones are deleted.',
  earlyStopping: 'Stop when the validation metric stops improving.',
  esMonitor: 'Validation metric to watch.',
  esPatience: 'Epochs without improvement before stopping.',
  esMinDelta: 'Smallest change that counts as an improvement.',
  esRestoreBest: 'Put the best epoch’s weights back when stopping.',
  reduceLr: 'Lower the learning rate when the validation metric plateaus.',
  lrFactor: 'Multiply the learning rate by this after a plateau.',
  lrPatience: 'Epochs without improvement before lowering it.',
  lrMinLr: 'Never go below this learning rate.',
  classWeights: 'balanced weighs each class inversely to its train frequency (for imbalanced data).',
  augment: 'Recipe applied on the fly to train batches only; epoch e sees variant e.',
  asTable: 'Train on the metadata columns (numeric, categorical, date) instead of the text.',
  task: 'Classification predicts the label; regression predicts a number (the target column).',
  target: 'The numeric column to predict; it is never used as a feature.',
  dateParts: 'Date columns become these features (cyclical sin/cos, the year standardised); saved with the model.',
  columns: 'How each column is used. Text and id columns are not features. Saved with the model as its preprocessing.',
  seed: 'Fixes initialisation, batch order and augmentation: cpu/wasm runs are reproducible.',
  backend: 'auto takes the fastest available: tensorflow-gpu → tensorflow → wasm → cpu.',
} as const;

type NumberKey = { [K in keyof LaunchForm]: LaunchForm[K] extends number ? K : never }[keyof LaunchForm];
export interface NumberKnob { key: NumberKey; label: string; path: string; min?: number; max?: number; step?: number | 'any'; aria?: string }

/** The numeric knobs by group, in the order the dialog shows them; `path` is how the config schema names the field. */
export const NUMBER_KNOBS: Record<'image' | 'budget' | 'keep' | 'early' | 'plateau' | 'seed', NumberKnob[]> = {
  image: [{ key: 'imageSize', label: 'Image size', path: 'imageSize', min: 8, max: 512, step: 8 }],
  budget: [
    { key: 'totalExamples', label: 'Total examples', path: 'totalExamples', min: 1, step: 1000 },
    { key: 'batchSize', label: 'Batch size', path: 'batchSize', min: 1, max: 4096 },
    { key: 'checkpoints', label: 'Checkpoints', path: 'checkpoints', min: 1, max: 10000 },
    { key: 'learningRate', label: 'Learning rate', path: 'learningRate', min: 0, step: 'any' },
  ],
  keep: [{ key: 'keepBest', label: 'Keep best', path: 'keepBest', min: 0, max: 100 }],
  early: [
    { key: 'esPatience', label: 'Patience', path: 'earlyStopping.patience', min: 1, aria: 'Early stopping patience' },
    { key: 'esMinDelta', label: 'Min delta', path: 'earlyStopping.minDelta', min: 0, max: 1, step: 'any' },
  ],
  plateau: [
    { key: 'lrFactor', label: 'Factor', path: 'reduceLrOnPlateau.factor', min: 0, max: 1, step: 0.1 },
    { key: 'lrPatience', label: 'Plateau patience', path: 'reduceLrOnPlateau.patience', min: 1 },
    { key: 'lrMinLr', label: 'Minimum LR', path: 'reduceLrOnPlateau.minLr', min: 0, step: 'any' },
  ],
  seed: [{ key: 'seed', label: 'Seed', path: 'seed', min: 0, step: 1 }],
};

export const BACKENDS: Backend[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

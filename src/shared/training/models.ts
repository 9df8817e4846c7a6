/**
 * The baseline models as plain data: what each is for, its knobs with their
 * defaults, ranges and a one-line explanation (the launch dialog renders
 * these), which model "auto" picks per modality, and the spec a model is
 * built from. Shared by the renderer, the CLI and the builders in
 * src/main/services/training/models/.
 */
import type { ModelName } from './config.ts';

export type ModelKind = Exclude<ModelName, 'auto'>;
export type ModelModality = 'image' | 'text' | 'audio' | 'tabular';
export type ModelTask = 'classification' | 'regression';
export type KnobValue = number | string | boolean;

export interface Knob {
  key: string;
  label: string;
  type: 'int' | 'number' | 'boolean';
  default: KnobValue;
  min?: number;
  max?: number;
  /** One line for the UI, next to the control. */
  help: string;
}

export interface ModelInfo {
  name: ModelKind;
  label: string;
  modality: ModelModality;
  /** One line: what it is and when it does well. */
  summary: string;
  /** What `inputShape` of the spec means for this model. */
  input: string;
  tasks: readonly ModelTask[];
  knobs: readonly Knob[];
}

/** Everything a builder needs; JSON-serialisable, saved with the run. */
export interface ModelSpec {
  model: ModelKind;
  /**
   * One example's shape: [height, width, channels] (cnn); [vocabulary] (bow-logreg);
   * [tokens] (lstm); [frames, coefficients] (mfcc-lstm, mfcc-cnn); [features] (linear, mlp).
   */
  inputShape: number[];
  /** Classes for classification; targets for regression. */
  outputs: number;
  task?: ModelTask;
  /** Token ids run 0 … vocabSize − 1 (lstm only; 0 is usually padding, 1 out-of-vocabulary). */
  vocabSize?: number;
  /** Seeds every initialiser and dropout mask: the same seed gives the same initial weights. */
  seed: number;
  options?: Record<string, KnobValue>;
}

const width = (def: number, what: string): Knob => ({ key: 'width', label: 'Width', type: 'int', default: def, min: 4, max: 1024, help: what });
const dropout = (def: number, where: string): Knob => ({
  key: 'dropout', label: 'Dropout', type: 'number', default: def, min: 0, max: 0.9,
  help: `Fraction of ${where} zeroed at random while training (never when evaluating); more fights overfitting.`,
});
const l2 = (def: number): Knob => ({
  key: 'l2', label: 'Weight decay (L2)', type: 'number', default: def, min: 0, max: 1,
  help: 'Adds l2 × Σw² over the kernels to the loss; larger keeps weights small and the model simpler.',
});
const convDepth: Knob = {
  key: 'depth', label: 'Conv blocks', type: 'int', default: 0, min: 0, max: 3,
  help: 'Blocks of conv → batch norm → ReLU → max-pool; 0 picks 1–3 from the input size (fewer for small inputs).',
};
const lstmDepth: Knob = { key: 'depth', label: 'LSTM layers', type: 'int', default: 1, min: 1, max: 2, help: 'Stacked LSTM layers; one is the baseline, a second rarely helps on small data.' };

export const MODEL_CATALOGUE: Readonly<Record<ModelKind, ModelInfo>> = {
  cnn: {
    name: 'cnn', label: 'Small CNN', modality: 'image', tasks: ['classification'], input: '[height, width, channels]',
    summary: 'A few conv blocks with batch norm, then dropout and a softmax layer: the image baseline.',
    knobs: [width(16, 'Filters in the first conv block; each further block doubles them.'), convDepth, dropout(0.25, 'the flattened features'), l2(1e-4)],
  },
  'bow-logreg': {
    name: 'bow-logreg', label: 'Bag of words + logistic regression', modality: 'text', tasks: ['classification'], input: '[vocabulary size]',
    summary: 'One softmax layer over word/n-gram counts or TF-IDF: fast, strong on short texts, and its top n-grams per class explain it.',
    // No width or depth: a hidden layer would make it an MLP and lose the per-class n-gram weights.
    knobs: [dropout(0, 'the input features'), l2(1e-4)],
  },
  lstm: {
    name: 'lstm', label: 'Embedding + LSTM', modality: 'text', tasks: ['classification'], input: '[tokens per text]',
    summary: 'Learned word embeddings read in order by one LSTM layer: sees word order, needs more data than bag of words.',
    knobs: [
      { key: 'embeddingDim', label: 'Embedding size', type: 'int', default: 64, min: 4, max: 1024, help: 'Numbers learned per vocabulary word.' },
      width(64, 'Units in the LSTM layer: its memory size.'), lstmDepth, dropout(0.2, 'the LSTM output'), l2(0),
    ],
  },
  'mfcc-lstm': {
    name: 'mfcc-lstm', label: 'MFCC + LSTM', modality: 'audio', tasks: ['classification'], input: '[frames, coefficients]',
    summary: 'One LSTM layer reads the MFCC frames in order: suits words and events whose timing matters.',
    knobs: [width(64, 'Units in the LSTM layer: its memory size.'), lstmDepth, dropout(0.2, 'the LSTM output'), l2(0)],
  },
  'mfcc-cnn': {
    name: 'mfcc-cnn', label: 'MFCC + small CNN', modality: 'audio', tasks: ['classification'], input: '[frames, coefficients]',
    summary: 'The MFCC matrix as a one-channel image through a few conv blocks: fast and robust for short clips.',
    knobs: [width(16, 'Filters in the first conv block; each further block doubles them.'), convDepth, dropout(0.25, 'the flattened features'), l2(1e-4)],
  },
  linear: {
    name: 'linear', label: 'Linear / logistic regression', modality: 'tabular', tasks: ['classification', 'regression'], input: '[features]',
    summary: 'One linear layer (softmax for classes, none for a number): the baseline every other model must beat.',
    knobs: [l2(0)],
  },
  mlp: {
    name: 'mlp', label: 'Small MLP', modality: 'tabular', tasks: ['classification', 'regression'], input: '[features]',
    summary: 'A few dense ReLU layers: catches interactions between columns that a linear model misses.',
    knobs: [
      width(64, 'Units in each hidden layer.'),
      { key: 'depth', label: 'Hidden layers', type: 'int', default: 2, min: 1, max: 6, help: 'Dense ReLU layers before the output; two is plenty for most tables.' },
      dropout(0.1, 'each hidden layer’s outputs'), l2(1e-4),
    ],
  },
};

/** What "auto" trains per modality: quick, and sound on the bundled sample project. */
export const AUTO_MODEL: Readonly<Record<ModelModality, ModelKind>> = { image: 'cnn', text: 'bow-logreg', audio: 'mfcc-cnn', tabular: 'mlp' };

export function modelsFor(modality: ModelModality): ModelInfo[] {
  return Object.values(MODEL_CATALOGUE).filter((m) => m.modality === modality);
}

export interface OptionIssue {
  path: string;
  message: string;
}

/** Fills defaults and checks each knob, naming a bad one as `modelOptions.width: …`. */
export function resolveModelOptions(
  model: ModelKind, options: Record<string, KnobValue> = {},
): { ok: true; options: Record<string, KnobValue> } | { ok: false; issues: OptionIssue[] } {
  const info = MODEL_CATALOGUE[model];
  if (!info) return { ok: false, issues: [{ path: 'model', message: `model: unknown model "${String(model)}"` }] };
  const issues: OptionIssue[] = [];
  const out: Record<string, KnobValue> = {};
  const bad = (key: string, why: string) => issues.push({ path: `modelOptions.${key}`, message: `modelOptions.${key}: ${why}` });
  for (const key of Object.keys(options)) {
    if (!info.knobs.some((k) => k.key === key)) bad(key, `unknown option for ${model} (options: ${info.knobs.map((k) => k.key).join(', ')})`);
  }
  for (const k of info.knobs) {
    const v = options[k.key] ?? k.default;
    if (k.type === 'boolean') {
      if (typeof v !== 'boolean') bad(k.key, `expected true or false, got ${JSON.stringify(v)}`);
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      bad(k.key, `expected a number, got ${JSON.stringify(v)}`);
    } else if (k.type === 'int' && !Number.isInteger(v)) {
      bad(k.key, `expected a whole number, got ${v}`);
    } else if (k.min !== undefined && v < k.min) {
      bad(k.key, `${v} is below the minimum ${k.min}`);
    } else if (k.max !== undefined && v > k.max) {
      bad(k.key, `${v} is above the maximum ${k.max}`);
    }
    out[k.key] = v;
  }
  return issues.length ? { ok: false, issues } : { ok: true, options: out };
}

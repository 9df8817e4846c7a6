/**
 * The bridge between a run's examples and the preprocessing saved with the
 * model (src/main/services/features): reading an example from the store,
 * choosing the preprocessing for the model, fitting it on the train split in
 * one streaming pass, and encoding decoded (possibly augmented) examples.
 */
import fs from 'node:fs';
import { TrainyardError, type Modality } from '../../../shared/contract/index.ts';
import type { FeatureConfigInput, FeatureState } from '../../../shared/features/spec.ts';
import type { TrainConfig } from '../../../shared/training/config.ts';
import type { ModelKind } from '../../../shared/training/models.ts';
import type { AudioData, ImageData, TextData } from '../augment/op.ts';
import { decodeMedia, type AnyData } from '../augment/sample-io.ts';
import type { CellValue } from '../datasets/tabular.ts';
import { exampleShape, fitPreprocessor, inferColumnTypes, inverseTarget, loadFeatures, saveFeatures, transformBatch, transformTargets, vocabSize, type RawInput } from '../features/index.ts';
import type { TrainItem, TrainingSet } from './dataset.ts';
import type { ArrayBatch } from './loop.ts';

/** What a run reads: a dataset's modality, or "tabular" for the columns of a CSV-imported dataset. */
export type InputKind = Modality | 'tabular';

/** A table row: the sample's metadata columns. */
export interface TabularData {
  record: Record<string, CellValue>;
}

export type Example = AnyData | TabularData;

export interface InputEncoder {
  state: FeatureState;
  /** One example's shape. */
  shape: number[];
  vocabSize?: number;
  encode(data: Example[]): Promise<ArrayBatch['x']>;
  /**
   * Regression: the targets, standardised with the train mean and std saved in the preprocessing,
   * and model outputs mapped back to the target's units.
   */
  regression?: { std: number; targets(data: Example[]): Float32Array; values(outputs: ArrayLike<number>): number[] };
}

export async function readExample(modality: InputKind, it: TrainItem): Promise<Example> {
  if (modality === 'tabular') return { record: it.meta as Record<string, CellValue> };
  if (modality === 'text') {
    if (it.text === null) throw new TrainyardError('invalid_input', `sample ${it.key} has no text`);
    return { text: it.text } satisfies TextData;
  }
  if (!it.abs) throw new TrainyardError('invalid_input', `sample ${it.key} has no media file`);
  const bytes = await fs.promises.readFile(it.abs).catch((err: NodeJS.ErrnoException) => {
    throw new TrainyardError('invalid_input', `cannot read ${it.abs}: ${err.code ?? err.message}`);
  });
  return decodeMedia(modality, bytes);
}

/** Decoded examples in the form the preprocessing takes. */
export function toRaw(modality: InputKind, d: Example): RawInput {
  if (modality === 'tabular') return (d as TabularData).record;
  if (modality === 'text') return (d as TextData).text;
  if (modality === 'image') {
    const img = d as ImageData;
    return { data: img.data, width: img.width, height: img.height, channels: img.channels };
  }
  return d as AudioData;
}

export function encoderFor(state: FeatureState): InputEncoder {
  const modality = state.modality;
  const v = vocabSize(state);
  const enc: InputEncoder = {
    state, shape: exampleShape(state), ...(v ? { vocabSize: v } : {}),
    encode: (data) => transformBatch(state, data.map((d) => toRaw(modality, d))),
  };
  if (state.modality === 'tabular' && state.target?.task === 'regression') {
    enc.regression = {
      std: state.target.std,
      targets: (data) => transformTargets(state, data.map((d) => (d as TabularData).record)).data as Float32Array,
      values: (outputs) => inverseTarget(state, outputs),
    };
  }
  return enc;
}

/** What each baseline model reads: a sized image, a bag of n-grams (TF-IDF) or token ids, MFCC frames. */
export function featureConfig(modality: InputKind, model: ModelKind, config: TrainConfig, set?: TrainingSet): FeatureConfigInput {
  switch (modality) {
    case 'tabular':
      return { modality: 'tabular', columns: tabularColumns(set!, config), dateParts: config.dateParts, task: set!.task };
    case 'image':
      return { modality: 'image', width: config.imageSize, height: config.imageSize };
    case 'text':
      return model === 'lstm' ? { modality: 'text', output: { mode: 'sequence' } } : { modality: 'text', output: { mode: 'bag' } };
    case 'audio': {
      // Clips recorded below 16 kHz (8 kHz telephone audio, the sample words) have nothing above their Nyquist:
      // mel bands up there would be empty, so the filterbank stops at it. The resampling rate (and so the shape) stays.
      const nyquist = set?.maxSampleRate ? set.maxSampleRate / 2 : null;
      return nyquist !== null && nyquist < 8000 ? { modality: 'audio', mfcc: { fMax: nyquist } } : { modality: 'audio' };
    }
  }
}

type FeatureColumn = { name: string; type: 'numeric' | 'categorical' | 'date' | 'text' | 'id' | 'label' };
/** Where a column's type came from: the run's config, the import's column-type step, a guess from the rows, or it is the target. */
export type ColumnSource = 'config' | 'import' | 'inferred' | 'target';

/**
 * The column-type step: the types the config names, then the types chosen at
 * import (tabular datasets), the rest inferred from (up to 2,000) train rows.
 * A regression target is the "label" column; for classification the label is
 * the sample's own (the importer's label column), so no metadata column is.
 */
export function tabularColumns(set: TrainingSet, config: TrainConfig): FeatureColumn[] {
  return runColumns(set, config).map(({ name, type }) => ({ name, type }));
}

/** The column-type step's outcome with the source of each type (the launch dialog shows it). */
export function runColumns(set: TrainingSet, config: TrainConfig): Array<FeatureColumn & { from: ColumnSource }> {
  const rows = set.train.slice(0, 2000).map((it) => it.meta as Record<string, CellValue>);
  const target = set.target;
  const guessed = inferColumnTypes(rows, { label: target ?? '\u0000' }); // '\u0000': a name no column has
  for (const name of Object.keys(config.columns)) {
    if (!guessed.some((g) => g.name === name)) throw new TrainyardError('invalid_input', `columns.${name}: no such column (columns: ${guessed.map((g) => g.name).join(', ') || 'none'})`);
    if (name === target) throw new TrainyardError('invalid_input', `columns.${name}: this is the regression target, not a feature`);
  }
  // Own properties only: a column named "constructor" is a column, not Object.prototype's.
  const own = <T>(o: Record<string, T>, name: string): T | undefined => (Object.hasOwn(o, name) ? o[name] : undefined);
  const declared = (name: string): FeatureColumn['type'] | undefined => {
    const t = own(set.columnTypes, name);
    // "label" and "ignore" columns at import are not features (the label, when kept, is the target above).
    return t === 'label' || t === 'ignore' ? 'id' : t as FeatureColumn['type'] | undefined;
  };
  const columns = guessed.map((g): FeatureColumn & { from: ColumnSource } => {
    if (g.name === target) return { name: g.name, type: 'label', from: 'target' };
    const chosen = own(config.columns, g.name);
    if (chosen) return { name: g.name, type: chosen, from: 'config' };
    const imported = declared(g.name);
    if (imported) return { name: g.name, type: imported, from: 'import' };
    return { name: g.name, type: g.type === 'label' ? 'id' : g.type, from: 'inferred' };
  });
  if (!columns.some((c) => c.type === 'numeric' || c.type === 'categorical' || c.type === 'date')) {
    throw new TrainyardError('invalid_input', `no feature columns: the rows have ${columns.map((c) => `${c.name} (${c.type})`).join(', ') || 'no metadata columns'}; set their types with "columns"`);
  }
  return columns;
}

/** Fits the preprocessing on the train split only, streaming its examples once. */
export async function fitInputs(set: TrainingSet, model: ModelKind, config: TrainConfig, kind: InputKind = set.modality): Promise<InputEncoder> {
  async function* trainRaws(): AsyncGenerator<RawInput> {
    if (kind === 'image') return; // nothing to learn from pixels
    for (const it of set.train) yield toRaw(kind, await readExample(kind, it));
  }
  return encoderFor(await fitPreprocessor(featureConfig(kind, model, config, set), trainRaws()));
}

export async function saveInputs(dir: string, enc: InputEncoder): Promise<void> {
  await saveFeatures(dir, enc.state);
}

export async function loadInputs(dir: string): Promise<InputEncoder> {
  return encoderFor(await loadFeatures(dir));
}

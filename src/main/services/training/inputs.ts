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
import { exampleShape, fitPreprocessor, inferColumnTypes, loadFeatures, saveFeatures, transformBatch, vocabSize, type RawInput } from '../features/index.ts';
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
  return {
    state, shape: exampleShape(state), ...(v ? { vocabSize: v } : {}),
    encode: (data) => transformBatch(state, data.map((d) => toRaw(modality, d))),
  };
}

/** What each baseline model reads: a sized image, a bag of n-grams (TF-IDF) or token ids, MFCC frames. */
export function featureConfig(modality: InputKind, model: ModelKind, config: TrainConfig, set?: TrainingSet): FeatureConfigInput {
  switch (modality) {
    case 'tabular':
      return { modality: 'tabular', columns: tabularColumns(set!, config), dateParts: config.dateParts };
    case 'image':
      return { modality: 'image', width: config.imageSize, height: config.imageSize };
    case 'text':
      return model === 'lstm' ? { modality: 'text', output: { mode: 'sequence' } } : { modality: 'text', output: { mode: 'bag' } };
    case 'audio':
      return { modality: 'audio' };
  }
}

/**
 * The column-type step: the types the config names, the rest inferred from
 * (up to 2,000) train rows. No metadata column is the target: the label is
 * the sample's own (the importer's label column).
 */
export function tabularColumns(set: TrainingSet, config: TrainConfig): Array<{ name: string; type: 'numeric' | 'categorical' | 'date' | 'text' | 'id' }> {
  const rows = set.train.slice(0, 2000).map((it) => it.meta as Record<string, CellValue>);
  const guessed = inferColumnTypes(rows, { label: '\u0000' }); // a name no column has: none is the target
  for (const name of Object.keys(config.columns)) {
    if (!guessed.some((g) => g.name === name)) throw new TrainyardError('invalid_input', `columns.${name}: no such column (columns: ${guessed.map((g) => g.name).join(', ') || 'none'})`);
  }
  const columns = guessed.map((g) => ({ name: g.name, type: config.columns[g.name] ?? (g.type === 'label' ? 'id' as const : g.type) }));
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

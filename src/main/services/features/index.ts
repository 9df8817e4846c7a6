/**
 * Preprocessing that belongs to the model, for every modality, with one API:
 *
 *   const state = await fitPreprocessor(config, trainRaws);   // streams the train split once
 *   const x = await transformBatch(state, raws);              // {data, shape, dtype} for tf.tensor
 *   await saveFeatures(modelDir, state);                       // preprocessing.json beside the weights
 *   const same = await loadFeatures(modelDir);                 // transformBatch(same, raws) is byte-identical
 *
 * No TensorFlow here: batches are typed arrays with a shape; the training
 * loop makes tensors of them. Raw inputs are what a client sends: text, image
 * bytes, WAV bytes, a CSV row (or their decoded forms, for on-the-fly
 * augmentation).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  FeatureConfig, PREPROCESSING_VERSION, PreprocessingFile,
  type FeatureConfigInput, type FeatureState,
} from '../../../shared/features/spec.ts';
import { fitAudio, transformAudio, type AudioRaw } from './audio.ts';
import { fitImage, transformImages, type ImageRaw } from './image.ts';
import { fitTabular, transformTabular, type TabularRaw } from './tabular.ts';
import { fitText, transformText } from './text.ts';

export { decodeAudioInput, prepareAudio, type AudioRaw } from './audio.ts';
export { imagePixels, type ImageRaw, type RawPixels } from './image.ts';
export { csvRowToRecord, inverseTarget, transformTargets, type TabularRaw } from './tabular.ts';
export { inferColumnTypes, type ColumnGuess } from './tabular-values.ts';
export { encodeIds, tokenize } from './text.ts';

export interface RawByModality {
  image: ImageRaw;
  text: string;
  audio: AudioRaw;
  tabular: TabularRaw;
}
export type RawInput = RawByModality[keyof RawByModality];

/** A batch ready for `tf.tensor(data, shape, dtype)`; shape[0] is the batch size. */
export interface FeatureBatch {
  data: Float32Array | Int32Array;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export const PREPROCESSING_FILE = 'preprocessing.json';

type Raws<T> = AsyncIterable<T> | Iterable<T>;

/**
 * Fits the preprocessing on the train split (vocabulary and idf, MFCC and
 * column statistics) in one streaming pass; images need no data. `config` is
 * validated and completed with defaults; an unknown field throws, naming it.
 */
export async function fitPreprocessor(config: FeatureConfigInput, trainRaws: Raws<RawInput>): Promise<FeatureState> {
  const c = FeatureConfig.parse(config);
  switch (c.modality) {
    case 'image':
      return fitImage(c);
    case 'text':
      return fitText(c, checked(trainRaws, isText, 'text wants strings'));
    case 'audio':
      return fitAudio(c, trainRaws as Raws<AudioRaw>);
    case 'tabular':
      return fitTabular(c, trainRaws as Raws<TabularRaw>);
  }
}

function isText(x: RawInput): x is string {
  return typeof x === 'string';
}

async function* checked<T extends RawInput>(raws: Raws<RawInput>, ok: (x: RawInput) => x is T, why: string): AsyncGenerator<T> {
  for await (const x of raws) {
    if (!ok(x)) throw new TypeError(`${why}, got ${typeof x}`);
    yield x;
  }
}

/** Raw inputs → one batch. Images are async (sharp); the others run synchronously inside. */
export async function transformBatch(state: FeatureState, raws: readonly RawInput[]): Promise<FeatureBatch> {
  switch (state.modality) {
    case 'image':
      return { ...(await transformImages(state, raws as ImageRaw[])), dtype: 'float32' };
    case 'text':
      if (!raws.every(isText)) throw new TypeError('text preprocessing wants strings');
      return transformText(state, raws);
    case 'audio':
      return { ...transformAudio(state, raws as AudioRaw[]), dtype: 'float32' };
    case 'tabular':
      return { ...transformTabular(state, raws as TabularRaw[]), dtype: 'float32' };
  }
}

/** One example's shape (the batch's without its first dimension). */
export function exampleShape(state: FeatureState): number[] {
  switch (state.modality) {
    case 'image':
      return [state.config.height, state.config.width, state.config.channels];
    case 'text':
      return state.config.output.mode === 'sequence' ? [state.maxLen!] : [state.vocab.length];
    case 'audio':
      return [state.frames, state.config.mfcc.coefficients];
    case 'tabular':
      return [state.featureNames.length];
  }
}

/** Names of flat features (text bags: n-grams; tabular: columns and categories), for "top features per class"; null otherwise. */
export function featureNames(state: FeatureState): string[] | null {
  if (state.modality === 'tabular') return state.featureNames;
  if (state.modality === 'text' && state.config.output.mode === 'bag') return state.vocab;
  return null;
}

/** Embedding size for sequence text (ids are < vocabSize); null otherwise. */
export function vocabSize(state: FeatureState): number | null {
  return state.modality === 'text' && state.config.output.mode === 'sequence' ? state.vocab.length : null;
}

/** Writes `dir/preprocessing.json` (through a temp file and a rename, so a crash never leaves half a file); returns its path. */
export async function saveFeatures(dir: string, state: FeatureState): Promise<string> {
  const file = path.join(dir, PREPROCESSING_FILE);
  const body: PreprocessingFile = { format: 'trainyard-preprocessing', version: PREPROCESSING_VERSION, state };
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.promises.writeFile(tmp, `${JSON.stringify(body, null, 1)}\n`);
  await fs.promises.rename(tmp, file);
  return file;
}

/** Reads and validates `dir/preprocessing.json`; errors say what is wrong with the file. */
export async function loadFeatures(dir: string): Promise<FeatureState> {
  const file = path.join(dir, PREPROCESSING_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > PREPROCESSING_VERSION) {
    throw new Error(`${file} was written by a newer Trainyard (preprocessing version ${version}; this one reads up to ${PREPROCESSING_VERSION})`);
  }
  const parsed = PreprocessingFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} is not valid preprocessing: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data.state;
}

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
import { decodeImage } from '../augment/image/codec.ts';
import type { AudioData, ImageData, TextData } from '../augment/op.ts';
import type { AnyData } from '../augment/sample-io.ts';
import { decodeWav } from '../datasets/media/wav.ts';
import { MEDIA_LIMITS } from '../datasets/media/limits.ts';
import { exampleShape, fitPreprocessor, loadFeatures, saveFeatures, transformBatch, vocabSize, type RawInput } from '../features/index.ts';
import type { TrainItem, TrainingSet } from './dataset.ts';
import type { ArrayBatch } from './loop.ts';

export interface InputEncoder {
  state: FeatureState;
  /** One example's shape. */
  shape: number[];
  vocabSize?: number;
  encode(data: AnyData[]): Promise<ArrayBatch['x']>;
}

export async function readExample(modality: Modality, it: TrainItem): Promise<AnyData> {
  if (modality === 'text') {
    if (it.text === null) throw new TrainyardError('invalid_input', `sample ${it.key} has no text`);
    return { text: it.text } satisfies TextData;
  }
  if (!it.abs) throw new TrainyardError('invalid_input', `sample ${it.key} has no media file`);
  const bytes = await fs.promises.readFile(it.abs).catch((err: NodeJS.ErrnoException) => {
    throw new TrainyardError('invalid_input', `cannot read ${it.abs}: ${err.code ?? err.message}`);
  });
  return modality === 'image' ? decodeImage(bytes, { maxPixels: MEDIA_LIMITS.maxPixels }) : (decodeWav(bytes) as AudioData);
}

/** Decoded examples in the form the preprocessing takes. */
export function toRaw(modality: Modality, d: AnyData): RawInput {
  if (modality === 'text') return (d as TextData).text;
  if (modality === 'image') {
    const img = d as ImageData;
    return { data: img.data, width: img.width, height: img.height, channels: img.channels };
  }
  return d as AudioData;
}

export function encoderFor(state: FeatureState): InputEncoder {
  const modality = state.modality as Modality;
  const v = vocabSize(state);
  return {
    state, shape: exampleShape(state), ...(v ? { vocabSize: v } : {}),
    encode: (data) => transformBatch(state, data.map((d) => toRaw(modality, d))),
  };
}

/** What each baseline model reads: a sized image, a bag of n-grams (TF-IDF) or token ids, MFCC frames. */
export function featureConfig(modality: Modality, model: ModelKind, config: TrainConfig): FeatureConfigInput {
  switch (modality) {
    case 'image':
      return { modality: 'image', width: config.imageSize, height: config.imageSize };
    case 'text':
      return model === 'lstm' ? { modality: 'text', output: { mode: 'sequence' } } : { modality: 'text', output: { mode: 'bag' } };
    case 'audio':
      return { modality: 'audio' };
  }
}

/** Fits the preprocessing on the train split only, streaming its examples once. */
export async function fitInputs(set: TrainingSet, model: ModelKind, config: TrainConfig): Promise<InputEncoder> {
  const modality = set.modality;
  async function* trainRaws(): AsyncGenerator<RawInput> {
    if (modality === 'image') return; // nothing to learn from pixels
    for (const it of set.train) yield toRaw(modality, await readExample(modality, it));
  }
  return encoderFor(await fitPreprocessor(featureConfig(modality, model, config), trainRaws()));
}

export async function saveInputs(dir: string, enc: InputEncoder): Promise<void> {
  await saveFeatures(dir, enc.state);
}

export async function loadInputs(dir: string): Promise<InputEncoder> {
  return encoderFor(await loadFeatures(dir));
}

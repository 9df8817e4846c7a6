/**
 * The bridge between decoded examples and model inputs for a run: reading
 * an example from the store, fitting the preprocessing on the train split,
 * encoding batches, and keeping the fitted state as JSON beside the run and
 * inside the model package (so prediction applies exactly what training did).
 */
import fs from 'node:fs';
import sharp from 'sharp';
import { TrainyardError, type Modality } from '../../../shared/contract/index.ts';
import type { TrainConfig } from '../../../shared/training/config.ts';
import type { ModelKind } from '../../../shared/training/models.ts';
import { decodeImage } from '../augment/image/codec.ts';
import type { AudioData, ImageData, TextData } from '../augment/op.ts';
import type { AnyData } from '../augment/sample-io.ts';
import { decodeWav } from '../datasets/media/wav.ts';
import { MEDIA_LIMITS } from '../datasets/media/limits.ts';
import type { TrainItem, TrainingSet } from './dataset.ts';
import type { ArrayBatch } from './loop.ts';

/** Image preprocessing: resize (stretch or centre-crop) to a square, RGB, scaled to [0, 1]. */
export interface ImageInputState {
  kind: 'image';
  size: number;
  mode: 'stretch' | 'center-crop';
}

export type InputState = ImageInputState;

export interface InputEncoder {
  state: InputState;
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

async function encodeImages(state: ImageInputState, data: AnyData[]): Promise<ArrayBatch['x']> {
  const s = state.size;
  const per = s * s * 3;
  const out = new Float32Array(data.length * per);
  await Promise.all(data.map(async (d, i) => {
    const img = d as ImageData;
    const px = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } })
      .removeAlpha()
      .resize(s, s, { fit: state.mode === 'center-crop' ? 'cover' : 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    for (let k = 0; k < per; k++) out[i * per + k] = px[k]! / 255;
  }));
  return { data: out, shape: [data.length, s, s, 3], dtype: 'float32' };
}

function encoderFor(state: InputState): InputEncoder {
  switch (state.kind) {
    case 'image':
      return { state, shape: [state.size, state.size, 3], encode: (d) => encodeImages(state, d) };
  }
}

/** Fits the preprocessing on the train split (vocabularies, statistics) and returns its encoder. */
export async function fitInputs(set: TrainingSet, model: ModelKind, config: TrainConfig): Promise<InputEncoder> {
  if (set.modality === 'image') {
    return encoderFor({ kind: 'image', size: config.imageSize, mode: 'stretch' });
  }
  throw new TrainyardError('invalid_input', `training on ${set.modality} data (${model}) is not available yet`);
}

export function saveInputs(file: string, enc: InputEncoder): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, ...enc.state }));
  fs.renameSync(`${file}.tmp`, file);
}

export function loadInputs(file: string): InputEncoder {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number } & InputState;
  if (raw.version !== 1) throw new TrainyardError('invalid_input', `${file}: preprocessing version ${raw.version} is not supported`);
  const { version: _, ...state } = raw;
  return encoderFor(state as InputState);
}

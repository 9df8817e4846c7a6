/**
 * Loading a stored sample into the form operations work on, and encoding
 * the result back to a file. Used by export workers and previews alike.
 */
import fs from 'node:fs/promises';
import type { Modality } from '../../../shared/contract/index.ts';
import { decodeWav, encodeWav } from '../datasets/media/wav.ts';
import { MEDIA_LIMITS } from '../datasets/media/limits.ts';
import { decodeImage, encodeImage } from './image/codec.ts';
import type { AudioData, ImageData, TextData } from './op.ts';

/** What a worker needs to know about a source sample. */
export interface SourceRef {
  key: string;
  modality: Modality;
  /** Absolute media path (image, audio). */
  abs: string | null;
  text: string | null;
  /** Stored format, e.g. jpeg, png, wav-16. */
  format: string | null;
}

export type AnyData = ImageData | TextData | AudioData;

export async function loadSample(src: SourceRef): Promise<AnyData> {
  if (src.modality === 'text') {
    if (src.text === null) throw new Error('text sample without text');
    return { text: src.text };
  }
  if (src.modality === 'tabular') throw new Error('tabular datasets take no augmentation');
  if (!src.abs) throw new Error('sample has no media file');
  return decodeMedia(src.modality, await fs.readFile(src.abs));
}

/** Image or WAV bytes into the form operations (and the training preprocessing) work on, with the import's pixel limit. */
export async function decodeMedia(modality: 'image' | 'audio', bytes: Buffer): Promise<ImageData | AudioData> {
  return modality === 'image' ? decodeImage(bytes, { maxPixels: MEDIA_LIMITS.maxPixels }) : decodeWav(bytes);
}

/** The file extension an augmented copy is written with: the source's lossless formats stay, others become JPEG. */
export function outputExtension(src: Pick<SourceRef, 'modality' | 'format'>): string {
  if (src.modality === 'audio') return '.wav';
  if (src.modality === 'text') return '.txt';
  if (src.format === 'png') return '.png';
  if (src.format === 'webp') return '.webp';
  return '.jpg';
}

export async function encodeSample(src: Pick<SourceRef, 'modality' | 'format'>, data: AnyData): Promise<Buffer> {
  if (src.modality === 'audio') {
    const audio = data as AudioData;
    return Buffer.from(encodeWav(audio, src.format?.startsWith('wav-f') ? { bitsPerSample: 32, float: true } : { bitsPerSample: 16 }));
  }
  if (src.modality === 'text') return Buffer.from((data as TextData).text, 'utf8');
  const ext = outputExtension(src);
  return encodeImage(data as ImageData, ext === '.png' ? 'png' : ext === '.webp' ? 'webp' : 'jpeg', 92);
}

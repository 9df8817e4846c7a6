/**
 * Image preprocessing: bytes (or raw pixels) → EXIF orientation → alpha
 * flattened → sRGB or grey → resized (stretch, letterbox or centre-crop) →
 * float32 NHWC, scaled to [0, 1] and standardised per channel. Decoding and
 * resizing are one sharp pipeline (JPEG/WebP shrink-on-load included), so a
 * large photo never exists at full size as raw pixels in JS.
 *
 * Bytes and pre-decoded pixels of the same image can differ by a rounding
 * (shrink-on-load works on the compressed data); the same input kind always
 * gives the same output, which is what training and prediction share.
 */
import sharp from 'sharp';
import type { ImageFeatures, ImageState } from '../../../shared/features/spec.ts';
import { MEDIA_LIMITS } from '../datasets/media/limits.ts';

/** Raw pixels as sharp and the augmentation engine hold them: interleaved 8-bit, row-major. */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** What a client may send: encoded file bytes (JPEG, PNG, WebP, GIF, TIFF, AVIF) or decoded pixels. */
export type ImageRaw = Uint8Array | RawPixels;

const PRESETS: Record<'imagenet' | 'half' | 'unit', { mean: number[]; std: number[] }> = {
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  half: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  unit: { mean: [0, 0, 0], std: [1, 1, 1] },
};

/** Per-channel mean and std for the config's channel count (one channel: the average of the three). */
export function resolveNormalization(c: ImageFeatures): { mean: number[]; std: number[] } {
  const n = c.normalize;
  const { mean, std } = typeof n === 'string' ? PRESETS[n] : n;
  const pick = (xs: number[]): number[] => {
    if (xs.length === c.channels) return [...xs];
    if (xs.length === 1) return Array.from({ length: c.channels }, () => xs[0]!);
    if (c.channels === 1) return [Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000];
    throw new RangeError(`image normalisation has ${xs.length} values for ${c.channels} channels`);
  };
  return { mean: pick(mean), std: pick(std) };
}

export function fitImage(config: ImageFeatures): ImageState {
  return { modality: 'image', config, ...resolveNormalization(config) };
}

const FIT = { stretch: 'fill', letterbox: 'contain', 'center-crop': 'cover' } as const;

/** One image → its resized 8-bit pixels, height × width × channels (the step before normalisation; tests read it). */
export async function imagePixels(c: ImageFeatures, raw: ImageRaw): Promise<Buffer> {
  const input = raw instanceof Uint8Array
    ? sharp(raw, { limitInputPixels: MEDIA_LIMITS.maxPixels, failOn: 'truncated', animated: false })
    : sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
  const bg = (v: number): { r: number; g: number; b: number; alpha: number } => ({ r: v, g: v, b: v, alpha: 1 });
  try {
    const { data, info } = await input
      .rotate()
      .flatten({ background: bg(c.alphaBackground) })
      .toColourspace(c.channels === 1 ? 'b-w' : 'srgb')
      .resize(c.width, c.height, { fit: FIT[c.mode], kernel: c.kernel, position: 'centre', background: bg(c.padValue) })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== c.channels || info.width !== c.width || info.height !== c.height) {
      throw new Error(`expected ${c.width}×${c.height}×${c.channels}, got ${info.width}×${info.height}×${info.channels}`);
    }
    return data;
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`cannot preprocess image: ${msg}`, { cause: err });
  }
}

/** (v / 255 − mean) / std for every byte value and channel, computed once per state. */
const luts = new WeakMap<ImageState, Float32Array>();

function lutOf(state: ImageState): Float32Array {
  let lut = luts.get(state);
  if (!lut) {
    lut = new Float32Array(state.config.channels * 256);
    for (let ch = 0; ch < state.config.channels; ch++) {
      for (let v = 0; v < 256; v++) lut[ch * 256 + v] = (v / 255 - state.mean[ch]!) / state.std[ch]!;
    }
    luts.set(state, lut);
  }
  return lut;
}

/** A batch of images → Float32 [N, height, width, channels]; sharp runs them in parallel on its thread pool. */
export async function transformImages(state: ImageState, raws: readonly ImageRaw[]): Promise<{ data: Float32Array; shape: number[] }> {
  const { width: W, height: H, channels: C } = state.config;
  const per = W * H * C;
  const data = new Float32Array(raws.length * per);
  const lut = lutOf(state);
  await Promise.all(raws.map(async (raw, i) => {
    const px = await imagePixels(state.config, raw);
    const base = i * per;
    if (C === 1) for (let k = 0; k < per; k++) data[base + k] = lut[px[k]!]!;
    else for (let k = 0; k < per; k += 3) {
      data[base + k] = lut[px[k]!]!;
      data[base + k + 1] = lut[256 + px[k + 1]!]!;
      data[base + k + 2] = lut[512 + px[k + 2]!]!;
    }
  }));
  return { data, shape: [raws.length, H, W, C] };
}

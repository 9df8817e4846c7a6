/**
 * Operations that put randomness into pixels: gaussian noise, cutout with
 * noise fill, night grain. The randomness comes from a seed drawn by the
 * operation (and recorded), expanded here by the same sfc32 generator as
 * shared/rng.ts, so a replay reproduces every pixel.
 *
 * Normal variates come from a 65,536-entry inverse-CDF table indexed by 16
 * random bits (two variates per 32-bit word): exact to the table's
 * resolution, scaled to unit variance, tails to ±4.3σ, and ~10× faster than
 * Box–Muller, which matters at 200k values per image.
 */
import { createRng } from '../../../../shared/rng.ts';
import type { ImageData } from '../op.ts';
import { blankLike, clampedView } from './common.ts';
import { LUMA_B, LUMA_G, LUMA_R } from './functional.ts';

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

// A constant once built (the same on every thread and machine), so caching it changes no result.
let table: Float32Array | undefined;

/** The 65,536 quantiles at (i + ½) / 65,536, scaled so their variance is exactly 1. */
export function normalTable(): Float32Array {
  if (table) return table;
  const n = 65536;
  const t = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    t[i] = normalQuantile((i + 0.5) / n);
    ss += t[i]! * t[i]!;
  }
  const scale = 1 / Math.sqrt(ss / n);
  table = Float32Array.from(t, (v) => v * scale);
  return table;
}

/** `count` 32-bit words from sfc32 seeded like createRng(seed). */
export function randomWords(seed: number, count: number): Uint32Array {
  let [a, b, c, d] = createRng(seed).state();
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const t = (((a + b) | 0) + d + 1) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    out[i] = t;
  }
  return out;
}

/** Adds N(0, std²) to R, G, B: independent per channel, or one value per pixel (grey grain). */
export function gaussianNoise(img: ImageData, std: number, seed: number, perChannel: boolean): ImageData {
  const out = blankLike(img);
  const src = img.data;
  const dst = clampedView(out.data);
  const ch = img.channels;
  const t = normalTable();
  const pixels = img.width * img.height;
  const words = randomWords(seed, perChannel ? Math.ceil((pixels * 3) / 2) : Math.ceil(pixels / 2));
  if (perChannel) {
    let k = 0;
    for (let i = 0; i < src.length; i += ch, k += 3) {
      // Values k, k+1, k+2 of the stream: the low then high 16 bits of each word.
      const w0 = words[k >>> 1]!, w1 = words[(k + 1) >>> 1]!, w2 = words[(k + 2) >>> 1]!;
      const odd = k & 1;
      dst[i] = src[i]! + std * t[odd ? w0 >>> 16 : w0 & 0xffff]!;
      dst[i + 1] = src[i + 1]! + std * t[odd ? w1 & 0xffff : w1 >>> 16]!;
      dst[i + 2] = src[i + 2]! + std * t[odd ? w2 >>> 16 : w2 & 0xffff]!;
      if (ch === 4) dst[i + 3] = src[i + 3]!;
    }
  } else {
    for (let i = 0, k = 0; i < src.length; i += ch, k++) {
      const w = words[k >>> 1]!;
      const z = std * t[k & 1 ? w >>> 16 : w & 0xffff]!;
      dst[i] = src[i]! + z;
      dst[i + 1] = src[i + 1]! + z;
      dst[i + 2] = src[i + 2]! + z;
      if (ch === 4) dst[i + 3] = src[i + 3]!;
    }
  }
  return out;
}

/**
 * Fills rectangles [x, y, w, h, …] (clipped to the image) with a colour, or,
 * when `colour` is null, with uniform random R, G, B from `seed`. Alpha is kept.
 */
export function cutout(img: ImageData, boxes: readonly number[], colour: readonly number[] | null, seed: number): ImageData {
  const out: ImageData = { ...img, data: Buffer.from(img.data) };
  const dst = out.data;
  const { width: w, height: h, channels: ch } = img;
  for (let k = 0; k + 3 < boxes.length; k += 4) {
    const x0 = Math.max(0, boxes[k]!), y0 = Math.max(0, boxes[k + 1]!);
    const x1 = Math.min(w, boxes[k]! + boxes[k + 2]!), y1 = Math.min(h, boxes[k + 1]! + boxes[k + 3]!);
    if (x1 <= x0 || y1 <= y0) continue;
    const words = colour ? null : randomWords((seed + k) >>> 0, (x1 - x0) * (y1 - y0));
    let n = 0;
    for (let y = y0; y < y1; y++) {
      for (let i = (y * w + x0) * ch, end = (y * w + x1) * ch; i < end; i += ch) {
        if (words) {
          const r = words[n++]!;
          dst[i] = r & 255;
          dst[i + 1] = (r >>> 8) & 255;
          dst[i + 2] = r >>> 16;
        } else {
          dst[i] = colour![0]!;
          dst[i + 1] = colour![1]!;
          dst[i + 2] = colour![2]!;
        }
      }
    }
  }
  return out;
}

/**
 * Night / low light at `strength` s in [0, 1]: each pixel is scaled so its
 * luma Y follows a darker, steeper curve (Y → 255·(1 − 0.6·s)·(Y/255)^(1+s),
 * colours keep their proportions), then given a blue cast (red × (1 − 0.3·s),
 * green × (1 − 0.1·s), blue × (1 + 0.2·s)) and grey sensor grain of standard
 * deviation `noiseStd`·s levels.
 */
export function night(img: ImageData, strength: number, noiseStd: number, seed: number): ImageData {
  const s = Math.min(1, Math.max(0, strength));
  const gain = 1 - 0.6 * s;
  // Multiplier per (rounded) luma, one table per channel with its tint folded in.
  const tables = [1 - 0.3 * s, 1 - 0.1 * s, 1 + 0.2 * s].map((tint) => Float64Array.from({ length: 256 }, (_, y) => tint * gain * Math.pow(Math.max(y, 0.5) / 255, s)));
  const [mr, mg, mb] = tables as [Float64Array, Float64Array, Float64Array];
  const std = noiseStd * s;
  const out = blankLike(img);
  const src = img.data;
  const dst = clampedView(out.data);
  const ch = img.channels;
  const t = normalTable();
  const words = std > 0 ? randomWords(seed, Math.ceil((img.width * img.height) / 2)) : null;
  for (let i = 0, k = 0; i < src.length; i += ch, k++) {
    let z = 0;
    if (words) {
      const w = words[k >>> 1]!;
      z = std * t[k & 1 ? w >>> 16 : w & 0xffff]!;
    }
    const r = src[i]!, g = src[i + 1]!, b = src[i + 2]!;
    const y = (LUMA_R * r + LUMA_G * g + LUMA_B * b + 0.5) | 0;
    dst[i] = r * mr[y]! + z;
    dst[i + 1] = g * mg[y]! + z;
    dst[i + 2] = b * mb[y]! + z;
    if (ch === 4) dst[i + 3] = src[i + 3]!;
  }
  return out;
}

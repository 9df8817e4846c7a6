/**
 * Neighbourhood filters: gaussian blur and a 3×3 sharpen, edges replicated.
 *
 * The blur runs in JavaScript (separable, symmetric taps folded) while the
 * work is small, because one sharp call costs ~1 ms of thread hand-offs
 * whatever the image; past BLUR_JS_MAX_WORK (big images, big sigma) it goes
 * to libvips, whose vectorised convolution wins. The choice depends only on
 * the image size and sigma, so the output is still a pure function of them.
 */
import sharp from 'sharp';
import type { ImageData } from '../op.ts';
import { blankLike, clampedView } from './common.ts';

/** Pixels × taps above which sharp blurs faster than the JS loop (measured: 256×256 at sigma 1 is about even, sigma 2 twice as fast in sharp). */
export const BLUR_JS_MAX_WORK = 500_000;

/** Normalised gaussian taps for offsets 0..r (the kernel is symmetric). */
export function gaussianHalfKernel(sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(r + 1);
  let sum = 0;
  for (let i = 0; i <= r; i++) {
    k[i] = Math.exp((-i * i) / (2 * sigma * sigma));
    sum += i === 0 ? k[i]! : 2 * k[i]!;
  }
  for (let i = 0; i <= r; i++) k[i]! /= sum;
  return k;
}

export async function gaussianBlur(img: ImageData, sigma: number, engine: 'auto' | 'js' | 'sharp' = 'auto'): Promise<ImageData> {
  if (!(sigma > 0)) return img;
  const taps = 2 * Math.ceil(3 * sigma) + 1;
  const useSharp = engine === 'sharp' || (engine === 'auto' && img.width * img.height * taps > BLUR_JS_MAX_WORK);
  if (!useSharp) return blurJs(img, sigma);
  const { width, height, channels } = img;
  const data = await sharp(img.data, { raw: { width, height, channels } }).blur(Math.max(0.3, sigma)).raw().toBuffer();
  return { data, width, height, channels };
}

// Scratch rows reused across calls: every element read is written first in
// the same call, and the functions using them never await, so sharing them
// changes no result (each worker thread has its own module instance).
let lineScratch = new Float64Array(0);
let planeScratch = new Float64Array(0);

function scratchLine(n: number): Float64Array {
  if (lineScratch.length < n) lineScratch = new Float64Array(n);
  return lineScratch;
}

function scratchPlane(n: number): Float64Array {
  if (planeScratch.length < n) planeScratch = new Float64Array(n);
  return planeScratch;
}

/**
 * Separable gaussian in float, edges replicated. Radii up to 4 (sigma up to
 * 1.33, the usual augmentation range) run fully unrolled with the taps in
 * locals, twice as fast in V8 as a loop over taps; wider kernels fold taps in
 * whole-row passes. Horizontally blurred rows live in a ring of 2r + 1 rows
 * that stays in cache, filled just before the vertical pass needs them.
 */
export function blurJs(img: ImageData, sigma: number): ImageData {
  const { width: w, height: h, channels: ch, data: src } = img;
  const half = gaussianHalfKernel(sigma);
  const unrolled = half.length <= 5;
  const r = unrolled ? (half.length <= 3 ? 2 : half.length - 1) : half.length - 1;
  const k = new Float64Array(r + 1);
  k.set(half);
  const stride = w * ch;
  const pad = r * ch;
  const ring = 2 * r + 1;
  const line = scratchLine(stride + 2 * pad);
  const tmp = scratchPlane(ring * stride);
  const acc = unrolled ? null : new Float64Array(stride);
  const out = blankLike(img);
  const dst = clampedView(out.data);
  const rows = new Int32Array(ring);
  let next = 0;
  for (let y = 0; y < h; y++) {
    // Blur horizontally every source row up to y + r not done yet, into its ring slot.
    for (const last = Math.min(h - 1, y + r); next <= last; next++) {
      const row = next * stride;
      // The row, padded with copies of its first and last pixel.
      for (let i = 0; i < stride; i++) line[pad + i] = src[row + i]!;
      for (let x = 0; x < r; x++) {
        for (let c = 0; c < ch; c++) {
          line[x * ch + c] = src[row + c]!;
          line[pad + stride + x * ch + c] = src[row + stride - ch + c]!;
        }
      }
      if (unrolled) hPassUnrolled(line, tmp, (next % ring) * stride, stride, pad, ch, k);
      else hPassGeneral(line, tmp, (next % ring) * stride, stride, pad, ch, k);
    }
    for (let j = -r; j <= r; j++) rows[j + r] = (Math.min(h - 1, Math.max(0, y + j)) % ring) * stride;
    if (acc) vPassGeneral(tmp, dst, acc, y * stride, stride, rows, k);
    else vPassUnrolled(tmp, dst, y * stride, stride, rows, k);
  }
  return out;
}

function hPassUnrolled(line: Float64Array, tmp: Float64Array, row: number, n: number, pad: number, ch: number, k: Float64Array): void {
  const k0 = k[0]!, k1 = k[1]!, k2 = k[2]!;
  const o1 = ch, o2 = 2 * ch, o3 = 3 * ch, o4 = 4 * ch;
  if (k.length === 3) {
    for (let i = 0, p = pad; i < n; i++, p++) tmp[row + i] = k0 * line[p]! + k1 * (line[p - o1]! + line[p + o1]!) + k2 * (line[p - o2]! + line[p + o2]!);
  } else if (k.length === 4) {
    const k3 = k[3]!;
    for (let i = 0, p = pad; i < n; i++, p++) {
      tmp[row + i] = k0 * line[p]! + k1 * (line[p - o1]! + line[p + o1]!) + k2 * (line[p - o2]! + line[p + o2]!) + k3 * (line[p - o3]! + line[p + o3]!);
    }
  } else {
    const k3 = k[3]!, k4 = k[4]!;
    for (let i = 0, p = pad; i < n; i++, p++) {
      tmp[row + i] = k0 * line[p]! + k1 * (line[p - o1]! + line[p + o1]!) + k2 * (line[p - o2]! + line[p + o2]!) + k3 * (line[p - o3]! + line[p + o3]!) + k4 * (line[p - o4]! + line[p + o4]!);
    }
  }
}

function vPassUnrolled(tmp: Float64Array, dst: Uint8ClampedArray, row: number, n: number, rows: Int32Array, k: Float64Array): void {
  const r = k.length - 1;
  const k0 = k[0]!, k1 = k[1]!, k2 = k[2]!;
  const c0 = rows[r]!;
  const u1 = rows[r - 1]!, u2 = rows[r - 2]!, d1 = rows[r + 1]!, d2 = rows[r + 2]!;
  if (r === 2) {
    for (let i = 0; i < n; i++) dst[row + i] = k0 * tmp[c0 + i]! + k1 * (tmp[u1 + i]! + tmp[d1 + i]!) + k2 * (tmp[u2 + i]! + tmp[d2 + i]!);
  } else if (r === 3) {
    const k3 = k[3]!, u3 = rows[0]!, d3 = rows[6]!;
    for (let i = 0; i < n; i++) {
      dst[row + i] = k0 * tmp[c0 + i]! + k1 * (tmp[u1 + i]! + tmp[d1 + i]!) + k2 * (tmp[u2 + i]! + tmp[d2 + i]!) + k3 * (tmp[u3 + i]! + tmp[d3 + i]!);
    }
  } else {
    const k3 = k[3]!, k4 = k[4]!, u3 = rows[1]!, d3 = rows[7]!, u4 = rows[0]!, d4 = rows[8]!;
    for (let i = 0; i < n; i++) {
      dst[row + i] = k0 * tmp[c0 + i]! + k1 * (tmp[u1 + i]! + tmp[d1 + i]!) + k2 * (tmp[u2 + i]! + tmp[d2 + i]!) + k3 * (tmp[u3 + i]! + tmp[d3 + i]!) + k4 * (tmp[u4 + i]! + tmp[d4 + i]!);
    }
  }
}

function hPassGeneral(line: Float64Array, tmp: Float64Array, row: number, n: number, pad: number, ch: number, k: Float64Array): void {
  const k0 = k[0]!;
  for (let i = 0; i < n; i++) tmp[row + i] = k0 * line[pad + i]!;
  for (let j = 1; j < k.length; j++) {
    const kj = k[j]!, lo = pad - j * ch, hi = pad + j * ch;
    for (let i = 0; i < n; i++) tmp[row + i]! += kj * (line[lo + i]! + line[hi + i]!);
  }
}

function vPassGeneral(tmp: Float64Array, dst: Uint8ClampedArray, acc: Float64Array, row: number, n: number, rows: Int32Array, k: Float64Array): void {
  const r = k.length - 1;
  const k0 = k[0]!;
  const c0 = rows[r]!;
  for (let i = 0; i < n; i++) acc[i] = k0 * tmp[c0 + i]!;
  for (let j = 1; j <= r; j++) {
    const kj = k[j]!, up = rows[r - j]!, down = rows[r + j]!;
    for (let i = 0; i < n; i++) acc[i]! += kj * (tmp[up + i]! + tmp[down + i]!);
  }
  for (let i = 0; i < n; i++) dst[row + i] = acc[i]!;
}

/**
 * Blends the image with its 3×3 sharpened version ([-1 -1 -1; -1 9 -1;
 * -1 -1 -1]) by `strength` (0 keeps it, 1 is fully sharpened), the way
 * albumentations' Sharpen does. Alpha is kept.
 */
export function sharpen(img: ImageData, strength: number): ImageData {
  const { width: w, height: h, channels: ch, data: src } = img;
  const out = blankLike(img);
  const dst = clampedView(out.data);
  const centre = 1 + 8 * strength;
  const stride = w * ch;
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    const up = (y > 0 ? y - 1 : 0) * stride;
    const down = (y < h - 1 ? y + 1 : h - 1) * stride;
    for (let x = 0; x < w; x++) {
      const xo = x * ch;
      const lo = (x > 0 ? x - 1 : 0) * ch;
      const ro = (x < w - 1 ? x + 1 : w - 1) * ch;
      for (let c = 0; c < 3; c++) {
        const ring =
          src[up + lo + c]! + src[up + xo + c]! + src[up + ro + c]! +
          src[row + lo + c]! + src[row + ro + c]! +
          src[down + lo + c]! + src[down + xo + c]! + src[down + ro + c]!;
        dst[row + xo + c] = centre * src[row + xo + c]! - strength * ring;
      }
      if (ch === 4) dst[row + xo + 3] = src[row + xo + 3]!;
    }
  }
  return out;
}

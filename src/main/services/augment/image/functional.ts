/**
 * Pure per-pixel functions on raw interleaved images: flips, tone curves
 * (through 256-entry lookup tables), grey and colour. Plain typed-array
 * loops: on a 256×256 image each costs well under a millisecond, less than
 * one sharp call. The alpha channel, when there is one, is left as it is.
 */
import type { ImageData } from '../op.ts';
import { blankLike, clampedView } from './common.ts';

/** Rec. 601 luma weights, as PIL's convert('L') and most libraries use. */
export const LUMA_R = 0.299;
export const LUMA_G = 0.587;
export const LUMA_B = 0.114;

export function hflip(img: ImageData): ImageData {
  const out = blankLike(img);
  const { width: w, height: h, channels: ch, data: src } = img;
  const dst = out.data;
  const stride = w * ch;
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    for (let x = 0, mx = row + stride - ch; x < stride; x += ch, mx -= ch) {
      const i = row + x;
      dst[mx] = src[i]!;
      dst[mx + 1] = src[i + 1]!;
      dst[mx + 2] = src[i + 2]!;
      if (ch === 4) dst[mx + 3] = src[i + 3]!;
    }
  }
  return out;
}

export function vflip(img: ImageData): ImageData {
  const out = blankLike(img);
  const stride = img.width * img.channels;
  for (let y = 0; y < img.height; y++) img.data.copy(out.data, (img.height - 1 - y) * stride, y * stride, (y + 1) * stride);
  return out;
}

/** A 256-entry table from a tone curve, rounded and clamped to 0–255. */
export function makeLut(curve: (v: number) => number): Uint8Array {
  const lut = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) lut[v] = curve(v);
  return new Uint8Array(lut.buffer);
}

/** Maps R, G, B through one table each (one table for all when given one); alpha is copied. */
export function applyLuts(img: ImageData, luts: Uint8Array | readonly [Uint8Array, Uint8Array, Uint8Array]): ImageData {
  const out = blankLike(img);
  const src = img.data;
  const dst = out.data;
  const [lr, lg, lb] = luts instanceof Uint8Array ? [luts, luts, luts] : luts;
  const n = src.length;
  if (img.channels === 3 && lr === lg && lg === lb) {
    for (let i = 0; i < n; i++) dst[i] = lr[src[i]!]!;
    return out;
  }
  const ch = img.channels;
  for (let i = 0; i < n; i += ch) {
    dst[i] = lr[src[i]!]!;
    dst[i + 1] = lg[src[i + 1]!]!;
    dst[i + 2] = lb[src[i + 2]!]!;
    if (ch === 4) dst[i + 3] = src[i + 3]!;
  }
  return out;
}

/** Adds `delta` × 255 to every colour value. */
export function brightness(img: ImageData, delta: number): ImageData {
  const add = delta * 255;
  return applyLuts(img, makeLut((v) => v + add));
}

/** Mean Rec. 601 luma of the image, 0–255. */
export function meanLuma(img: ImageData): number {
  const { data, channels: ch } = img;
  let r = 0, g = 0, b = 0;
  for (let i = 0; i < data.length; i += ch) {
    r += data[i]!;
    g += data[i + 1]!;
    b += data[i + 2]!;
  }
  const n = img.width * img.height;
  return (LUMA_R * r + LUMA_G * g + LUMA_B * b) / n;
}

/** Scales every value's distance from the image's mean luma by `factor` (PIL's ImageEnhance.Contrast). */
export function contrast(img: ImageData, factor: number): ImageData {
  const mean = meanLuma(img);
  return applyLuts(img, makeLut((v) => mean + (v - mean) * factor));
}

/** out = 255 · (in / 255)^gamma. */
export function gamma(img: ImageData, g: number): ImageData {
  return applyLuts(img, makeLut((v) => 255 * Math.pow(v / 255, g)));
}

/** Rec. 601 luma written to R, G and B: still three (or four) channels. */
export function grayscale(img: ImageData): ImageData {
  return saturation(img, 0);
}

/** Blends each pixel with its own grey: 0 is grey, 1 the original, above 1 more vivid (PIL's ImageEnhance.Color). */
export function saturation(img: ImageData, factor: number): ImageData {
  const out = blankLike(img);
  const src = img.data;
  const dst = clampedView(out.data);
  const ch = img.channels;
  for (let i = 0; i < src.length; i += ch) {
    const r = src[i]!, g = src[i + 1]!, b = src[i + 2]!;
    const y = LUMA_R * r + LUMA_G * g + LUMA_B * b;
    dst[i] = y + (r - y) * factor;
    dst[i + 1] = y + (g - y) * factor;
    dst[i + 2] = y + (b - y) * factor;
    if (ch === 4) dst[i + 3] = src[i + 3]!;
  }
  return out;
}

/**
 * Rotates hue in HSV by `degrees` (counter-clockwise on the colour wheel:
 * red → yellow → green), keeping each pixel's max and min, hence its value
 * and saturation. Greys stay grey.
 */
export function hueShift(img: ImageData, degrees: number): ImageData {
  const out = blankLike(img);
  const src = img.data;
  const dst = clampedView(out.data);
  const ch = img.channels;
  let shift = (degrees / 60) % 6;
  if (shift < 0) shift += 6;
  for (let i = 0; i < src.length; i += ch) {
    const r = src[i]!, g = src[i + 1]!, b = src[i + 2]!;
    if (ch === 4) dst[i + 3] = src[i + 3]!;
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    const c = max - min;
    if (c === 0) {
      dst[i] = r;
      dst[i + 1] = g;
      dst[i + 2] = b;
      continue;
    }
    let h = max === r ? (g - b) / c : max === g ? (b - r) / c + 2 : (r - g) / c + 4;
    h += shift;
    if (h < 0) h += 6;
    else if (h >= 6) h -= 6;
    if (h >= 6) h = 0;
    const sector = Math.floor(h);
    const f = h - sector;
    // Rising and falling components of the sector, offset by the minimum.
    const up = min + c * f;
    const down = max - c * f;
    switch (sector) {
      case 0: dst[i] = max; dst[i + 1] = up; dst[i + 2] = min; break;
      case 1: dst[i] = down; dst[i + 1] = max; dst[i + 2] = min; break;
      case 2: dst[i] = min; dst[i + 1] = max; dst[i + 2] = up; break;
      case 3: dst[i] = min; dst[i + 1] = down; dst[i + 2] = max; break;
      case 4: dst[i] = up; dst[i + 1] = min; dst[i + 2] = max; break;
      default: dst[i] = max; dst[i + 1] = min; dst[i + 2] = down;
    }
  }
  return out;
}

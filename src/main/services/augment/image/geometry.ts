/**
 * Geometric resampling: rotation and affine warps (bilinear, inverse
 * mapping, pixel-centre convention, constant / reflect / edge borders) and
 * crop-and-resize (a separable triangle filter widened when shrinking, as
 * PIL's antialiased bilinear resize).
 *
 * These run in JavaScript on the image sizes augmentation sees: a sharp call
 * costs ~1 ms of thread hand-offs before any pixel is touched, more than
 * this whole loop on 256×256, and sharp offers neither reflect borders nor
 * an output canvas equal to the input for arbitrary angles. Only the crop
 * and resize of a large region (a photo shrunk to a training size) goes to
 * libvips, where its shrink-then-reduce beats a JS filter many taps wide.
 */
import sharp from 'sharp';
import type { ImageData } from '../op.ts';
import { blankLike, clampedView } from './common.ts';

export type BorderMode = 'constant' | 'reflect' | 'edge';

/** Source-region pixels above which sharp crops and resizes faster (measured: JS wins at 256×256, sharp from ~320×320). */
export const RESIZE_JS_MAX_PIXELS = 100_000;

/** Maps an index outside [0, n) into it by the border rule; -1 means "use the fill colour". */
function borderIndex(i: number, n: number, mode: BorderMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return -1;
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1;
  // Reflect without repeating the edge pixel (…cb|abcd|cb…), as OpenCV's BORDER_REFLECT_101.
  const period = 2 * (n - 1);
  let m = Math.abs(i) % period;
  if (m >= n) m = period - m;
  return m;
}

/** Cosine and sine with the rounding noise of exact quarter turns removed, so 90° maps pixels exactly. */
function cosSin(degrees: number): [number, number] {
  const t = (degrees * Math.PI) / 180;
  const snap = (v: number) => (Math.abs(v) < 1e-12 ? 0 : Math.abs(Math.abs(v) - 1) < 1e-12 ? Math.sign(v) : v);
  return [snap(Math.cos(t)), snap(Math.sin(t))];
}

/**
 * Warps `img` into an image of the same size by a forward linear map `m`
 * = [a, b, c, d] (out = M·(in − centre) + centre + shift, y pointing down)
 * and a shift in pixels. Each output pixel samples the input bilinearly.
 */
export function warpAffine(img: ImageData, m: readonly [number, number, number, number], shift: readonly [number, number], border: BorderMode, fill: readonly number[]): ImageData {
  const { width: w, height: h, channels: ch } = img;
  const src = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length);
  let det = m[0] * m[3] - m[1] * m[2];
  if (Math.abs(det) < 1e-12) det = det < 0 ? -1e-12 : 1e-12;
  // Inverse map, in index space (pixel i has its centre at i + 0.5): u = ia·x + bu, v = ic·x + bv along a row.
  const ia = m[3] / det, ib = -m[1] / det, ic = -m[2] / det, id = m[0] / det;
  const cx = w / 2, cy = h / 2;
  const x0c = 0.5 - cx - shift[0];
  const out = blankLike(img);
  const dst = clampedView(out.data);
  const stride = w * ch;
  for (let y = 0; y < h; y++) {
    const Y = y + 0.5 - cy - shift[1];
    const bu = ia * x0c + ib * Y + cx - 0.5;
    const bv = ic * x0c + id * Y + cy - 0.5;
    // Where all four taps are inside (with a pixel of margin against rounding): no checks there.
    const [lo, hi] = interior(ia, bu, w - 1, ic, bv, h - 1, w);
    const start = lo < 0 ? w : lo, end = lo < 0 ? w : hi;
    const row = y * stride;
    for (let x = 0; x < start; x++) samplePixel(src, w, h, ch, ia * x + bu, ic * x + bv, border, fill, dst, row + x * ch);
    for (let x = start, o = row + start * ch; x < end; x++, o += ch) {
      const u = ia * x + bu, v = ic * x + bv;
      const xi = u | 0, yi = v | 0;
      const fx = u - xi, fy = v - yi;
      const w11 = fx * fy, w01 = fx - w11, w10 = fy - w11, w00 = 1 - fx - fy + w11;
      const a = yi * stride + xi * ch, b = a + ch, c = a + stride, d = c + ch;
      dst[o] = w00 * src[a]! + w01 * src[b]! + w10 * src[c]! + w11 * src[d]!;
      dst[o + 1] = w00 * src[a + 1]! + w01 * src[b + 1]! + w10 * src[c + 1]! + w11 * src[d + 1]!;
      dst[o + 2] = w00 * src[a + 2]! + w01 * src[b + 2]! + w10 * src[c + 2]! + w11 * src[d + 2]!;
      if (ch === 4) dst[o + 3] = w00 * src[a + 3]! + w01 * src[b + 3]! + w10 * src[c + 3]! + w11 * src[d + 3]!;
    }
    for (let x = end; x < w; x++) samplePixel(src, w, h, ch, ia * x + bu, ic * x + bv, border, fill, dst, row + x * ch);
  }
  return out;
}

/** The x range [lo, hi) where a·x + b lies in [1, max − 1) for both axes: a pixel inside the safe zone either side. */
function interior(au: number, bu: number, maxU: number, av: number, bv: number, maxV: number, w: number): [number, number] {
  let lo = 0, hi = w;
  for (const [a, b, max] of [[au, bu, maxU], [av, bv, maxV]] as const) {
    if (a === 0) {
      if (!(b >= 1 && b < max - 1)) return [-1, -1];
      continue;
    }
    let from = (1 - b) / a, to = (max - 1 - b) / a;
    if (a < 0) [from, to] = [to, from];
    lo = Math.max(lo, Math.ceil(from) + 1);
    hi = Math.min(hi, Math.floor(to) - 1);
  }
  return lo < hi ? [lo, hi] : [-1, -1];
}

/** One bilinear sample at index-space (u, v), taps outside the image resolved by the border rule. */
function samplePixel(src: Uint8Array, w: number, h: number, ch: number, u: number, v: number, border: BorderMode, fill: readonly number[], dst: Uint8ClampedArray, o: number): void {
  const x0 = Math.floor(u), y0 = Math.floor(v);
  const fx = u - x0, fy = v - y0;
  if (border === 'constant' && (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h)) {
    for (let c = 0; c < ch; c++) dst[o + c] = fill[c] ?? 255;
    return;
  }
  const stride = w * ch;
  const xa = borderIndex(x0, w, border), xb = borderIndex(x0 + 1, w, border);
  const ya = borderIndex(y0, h, border), yb = borderIndex(y0 + 1, h, border);
  for (let c = 0; c < ch; c++) {
    const f = fill[c] ?? 255;
    const p00 = xa < 0 || ya < 0 ? f : src[ya * stride + xa * ch + c]!;
    const p01 = xb < 0 || ya < 0 ? f : src[ya * stride + xb * ch + c]!;
    const p10 = xa < 0 || yb < 0 ? f : src[yb * stride + xa * ch + c]!;
    const p11 = xb < 0 || yb < 0 ? f : src[yb * stride + xb * ch + c]!;
    const top = p00 + (p01 - p00) * fx;
    const bottom = p10 + (p11 - p10) * fx;
    dst[o + c] = top + (bottom - top) * fy;
  }
}

/** Rotates counter-clockwise (as seen on screen) by `degrees` around the centre, keeping the size. */
export function rotate(img: ImageData, degrees: number, border: BorderMode, fill: readonly number[]): ImageData {
  const [c, s] = cosSin(degrees);
  // y points down, so a counter-clockwise turn on screen is [[c, s], [-s, c]].
  return warpAffine(img, [c, s, -s, c], [0, 0], border, fill);
}

export interface AffineParams {
  /** Shift as a fraction of width / height; positive is right / down. */
  translateX: number;
  translateY: number;
  scale: number;
  shearXDeg: number;
  shearYDeg: number;
}

/** Scale and shear around the centre, then shift; the size is kept. */
export function affine(img: ImageData, p: AffineParams, border: BorderMode, fill: readonly number[]): ImageData {
  const tx = Math.tan((p.shearXDeg * Math.PI) / 180);
  const ty = Math.tan((p.shearYDeg * Math.PI) / 180);
  return warpAffine(img, [p.scale, p.scale * tx, p.scale * ty, p.scale], [p.translateX * img.width, p.translateY * img.height], border, fill);
}

interface Taps {
  start: Int32Array;
  /** Non-zero taps of each output sample. */
  count: Int32Array;
  weights: Float64Array;
  /** Row length of `weights` (the widest footprint). */
  k: number;
}

/** Triangle-filter taps mapping `inSize` samples onto `outSize`, widened by the shrink factor (antialiasing). */
function resizeTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const widen = Math.max(scale, 1);
  const k = Math.ceil(widen) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * k);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    let lo = Math.max(0, Math.floor(centre - widen + 0.5));
    let hi = Math.min(inSize, Math.floor(centre + widen + 0.5), lo + k);
    // Trim taps whose weight is exactly zero (the triangle's end points).
    const weight = (j: number) => Math.max(0, 1 - Math.abs((j + 0.5 - centre) / widen));
    while (hi - lo > 1 && weight(lo) === 0) lo++;
    while (hi - lo > 1 && weight(hi - 1) === 0) hi--;
    let sum = 0;
    for (let j = lo; j < hi; j++) sum += weight(j);
    for (let j = lo; j < hi; j++) weights[i * k + j - lo] = sum > 0 ? weight(j) / sum : 1 / (hi - lo);
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, weights, k };
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Cuts `region` out of the image and resizes it to outW × outH. */
export async function cropResize(img: ImageData, region: Region, outW: number, outH: number, engine: 'auto' | 'js' | 'sharp' = 'auto'): Promise<ImageData> {
  const r = clipRegion(img, region);
  const useSharp = engine === 'sharp' || (engine === 'auto' && r.width * r.height > RESIZE_JS_MAX_PIXELS);
  if (!useSharp) return cropResizeJs(img, r, outW, outH);
  const { width, height, channels } = img;
  // extract() before resize() is sharp's documented pre-resize extraction: the order is fixed.
  const data = await sharp(img.data, { raw: { width, height, channels } })
    .extract({ left: r.x, top: r.y, width: r.width, height: r.height })
    .resize(outW, outH, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return { data, width: outW, height: outH, channels };
}

function clipRegion(img: ImageData, r: Region): Region {
  const x = Math.min(Math.max(0, Math.round(r.x)), img.width - 1);
  const y = Math.min(Math.max(0, Math.round(r.y)), img.height - 1);
  const width = Math.max(1, Math.min(Math.round(r.width), img.width - x));
  const height = Math.max(1, Math.min(Math.round(r.height), img.height - y));
  return { x, y, width, height };
}

// Scratch reused across calls: fully written before it is read, and never held across an await.
let plane = new Float64Array(0);

export function cropResizeJs(img: ImageData, region: Region, outW: number, outH: number): ImageData {
  const { channels: ch, data: src } = img;
  const r = clipRegion(img, region);
  const stride = img.width * ch;
  const out = blankLike(img, outW, outH);
  if (r.width === outW && r.height === outH) {
    for (let y = 0; y < outH; y++) src.copy(out.data, y * outW * ch, (r.y + y) * stride + r.x * ch, (r.y + y) * stride + (r.x + outW) * ch);
    return out;
  }
  const hx = resizeTaps(r.width, outW);
  const vy = resizeTaps(r.height, outH);
  const rowOut = outW * ch;
  if (plane.length < r.height * rowOut) plane = new Float64Array(r.height * rowOut);
  const tmp = plane;
  // Horizontal pass over the rows the vertical taps use (all of them, in practice), channels unrolled.
  const { start: hs, count: hc, weights: hw, k: hk } = hx;
  for (let y = 0; y < r.height; y++) {
    const srow = (r.y + y) * stride + r.x * ch;
    let t = y * rowOut;
    for (let i = 0; i < outW; i++, t += ch) {
      let p = srow + hs[i]! * ch;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let j = 0, wi = i * hk, n = hc[i]!; j < n; j++, wi++, p += ch) {
        const wt = hw[wi]!;
        a0 += wt * src[p]!;
        a1 += wt * src[p + 1]!;
        a2 += wt * src[p + 2]!;
        if (ch === 4) a3 += wt * src[p + 3]!;
      }
      tmp[t] = a0;
      tmp[t + 1] = a1;
      tmp[t + 2] = a2;
      if (ch === 4) tmp[t + 3] = a3;
    }
  }
  // Vertical pass, whole rows at a time; the common 2–4 tap footprints unrolled.
  const dst = clampedView(out.data);
  const { start: vs, count: vc, weights: vw, k: vk } = vy;
  for (let y = 0; y < outH; y++) {
    const n = vc[y]!, wi = y * vk, o = y * rowOut;
    const r0 = vs[y]! * rowOut;
    const w0 = vw[wi]!, w1 = vw[wi + 1] ?? 0, w2 = vw[wi + 2] ?? 0, w3 = vw[wi + 3] ?? 0;
    const r1 = r0 + rowOut, r2 = r1 + rowOut, r3 = r2 + rowOut;
    if (n === 1) for (let i = 0; i < rowOut; i++) dst[o + i] = tmp[r0 + i]!;
    else if (n === 2) for (let i = 0; i < rowOut; i++) dst[o + i] = w0 * tmp[r0 + i]! + w1 * tmp[r1 + i]!;
    else if (n === 3) for (let i = 0; i < rowOut; i++) dst[o + i] = w0 * tmp[r0 + i]! + w1 * tmp[r1 + i]! + w2 * tmp[r2 + i]!;
    else if (n === 4) for (let i = 0; i < rowOut; i++) dst[o + i] = w0 * tmp[r0 + i]! + w1 * tmp[r1 + i]! + w2 * tmp[r2 + i]! + w3 * tmp[r3 + i]!;
    else {
      for (let i = 0; i < rowOut; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += vw[wi + j]! * tmp[r0 + j * rowOut + i]!;
        dst[o + i] = acc;
      }
    }
  }
  return out;
}

/** Rotation, affine warps and crop-and-resize, checked pixel by pixel where the geometry is exact. */
import { describe, expect, it } from 'vitest';
import { affine, cropResize, cropResizeJs, rotate, warpAffine } from './geometry.ts';
import { channelMean, photoLike, pixel, psnr, ramp, solid, withAlpha } from './test-images.ts';

const BLACK = [0, 0, 0, 255];
const MAGENTA = [255, 0, 255, 255];

/** A 5×5 image, black but for a red pixel right of centre and a green one above it (y points down). */
function marks(channels: 3 | 4 = 3) {
  const img = solid(5, 5, [0, 0, 0], channels);
  img.data.set([255, 0, 0], (2 * 5 + 4) * channels); // (4, 2): right of centre
  img.data.set([0, 255, 0], (0 * 5 + 2) * channels); // (2, 0): above centre
  return img;
}

describe('rotate', () => {
  it('turns counter-clockwise: by 90° the right goes to the top and the top to the left', () => {
    const out = rotate(marks(), 90, 'constant', BLACK);
    expect(out.width).toBe(5);
    expect(out.height).toBe(5);
    expect(pixel(out, 2, 0)).toEqual([255, 0, 0]);
    expect(pixel(out, 0, 2)).toEqual([0, 255, 0]);
    expect(pixel(out, 4, 2)).toEqual([0, 0, 0]);
  });

  it('by 90° maps every pixel of a square image exactly: out(x, y) = in(w − 1 − y, x)', () => {
    for (const ch of [3, 4] as const) {
      const img = ramp(16, 16, ch);
      const out = rotate(img, 90, 'constant', BLACK);
      for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) expect(pixel(out, x, y)).toEqual(pixel(img, 15 - y, x));
    }
  });

  it('by −90° is the inverse of +90°, 180° is both flips, 0° is the identity', () => {
    const img = ramp(12, 12);
    expect(rotate(rotate(img, 90, 'constant', BLACK), -90, 'constant', BLACK).data.equals(img.data)).toBe(true);
    const half = rotate(img, 180, 'constant', BLACK);
    for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) expect(pixel(half, x, y)).toEqual(pixel(img, 11 - x, 11 - y));
    expect(rotate(img, 0, 'constant', BLACK).data.equals(img.data)).toBe(true);
  });

  it('keeps the size of a non-square image and fills uncovered corners with the fill colour', () => {
    const img = solid(60, 30, [100, 150, 200]);
    const out = rotate(img, 30, 'constant', MAGENTA);
    expect([out.width, out.height, out.data.length]).toEqual([60, 30, 60 * 30 * 3]);
    expect(pixel(out, 0, 0)).toEqual([255, 0, 255]);
    expect(pixel(out, 59, 29)).toEqual([255, 0, 255]);
    expect(pixel(out, 30, 15)).toEqual([100, 150, 200]);
  });

  it('reflect and edge borders fill corners from the image, never with the fill colour', () => {
    const img = solid(40, 40, [10, 200, 30]);
    for (const mode of ['reflect', 'edge'] as const) {
      const out = rotate(img, 33, mode, MAGENTA);
      expect(out.data.equals(img.data)).toBe(true);
    }
    const grad = ramp(40, 40);
    const refl = rotate(grad, 20, 'reflect', MAGENTA);
    const edge = rotate(grad, 20, 'edge', MAGENTA);
    expect(refl.data.equals(edge.data)).toBe(false);
    // Corner pixels come from inside the image's value range.
    expect(pixel(edge, 0, 0)[2]).not.toBe(255);
  });
});

describe('affine', () => {
  const none = { translateX: 0, translateY: 0, scale: 1, shearXDeg: 0, shearYDeg: 0 };

  it('is the identity with no shift, scale 1 and no shear', () => {
    const img = ramp(30, 20, 4);
    expect(affine(img, none, 'constant', BLACK).data.equals(img.data)).toBe(true);
  });

  it('shifts by whole pixels exactly (translate is a fraction of the size; positive is right and down)', () => {
    const img = ramp(20, 10);
    const out = affine(img, { ...none, translateX: 0.25, translateY: 0.2 }, 'constant', BLACK);
    for (let y = 2; y < 10; y++) for (let x = 5; x < 20; x++) expect(pixel(out, x, y)).toEqual(pixel(img, x - 5, y - 2));
    expect(pixel(out, 2, 5)).toEqual([0, 0, 0]);
  });

  it('scale 2 zooms in around the centre: the middle spreads, the corners leave', () => {
    const img = ramp(64, 64);
    const out = affine(img, { ...none, scale: 2 }, 'constant', BLACK);
    // Output x maps to input (x + 0.5 − 32) / 2 + 32 − 0.5: x = 0 samples ~16.
    expect(Math.abs(pixel(out, 0, 32)[0]! - pixel(img, 16, 32)[0]!)).toBeLessThanOrEqual(3);
    expect(Math.abs(pixel(out, 63, 32)[0]! - pixel(img, 47, 32)[0]!)).toBeLessThanOrEqual(3);
  });

  it('shear x slants vertical lines: a column moves right further down', () => {
    const img = solid(41, 41, [0, 0, 0]);
    for (let y = 0; y < 41; y++) img.data.set([255, 255, 255], (y * 41 + 20) * 3);
    const out = affine(img, { ...none, shearXDeg: 45 }, 'constant', BLACK);
    const brightest = (y: number) => {
      let best = 0;
      for (let x = 1; x < 41; x++) if (pixel(out, x, y)[0]! > pixel(out, best, y)[0]!) best = x;
      return best;
    };
    expect(brightest(20)).toBe(20);
    expect(brightest(30)).toBe(30);
    expect(brightest(10)).toBe(10);
  });

  it('matches a straightforward bilinear reference on random transforms, with all border modes', () => {
    const img = ramp(23, 17, 4);
    const m: [number, number, number, number] = [0.9, 0.3, -0.2, 1.1];
    for (const mode of ['constant', 'reflect', 'edge'] as const) {
      const out = warpAffine(img, m, [2.5, -1.25], mode, MAGENTA);
      const ref = referenceWarp(img, m, [2.5, -1.25], mode, MAGENTA);
      let worst = 0;
      for (let i = 0; i < out.data.length; i++) worst = Math.max(worst, Math.abs(out.data[i]! - ref[i]!));
      expect(worst).toBeLessThanOrEqual(1);
    }
  });
});

/** Per-pixel, per-tap bilinear warp written for clarity, not speed. */
function referenceWarp(img: ReturnType<typeof ramp>, m: number[], shift: number[], mode: 'constant' | 'reflect' | 'edge', fill: number[]): number[] {
  const { width: w, height: h, channels: ch } = img;
  const det = m[0]! * m[3]! - m[1]! * m[2]!;
  const inv = [m[3]! / det, -m[1]! / det, -m[2]! / det, m[0]! / det];
  const at = (i: number, n: number) => {
    if (i >= 0 && i < n) return i;
    if (mode === 'constant') return -1;
    if (mode === 'edge') return i < 0 ? 0 : n - 1;
    let k = Math.abs(i) % (2 * n - 2);
    if (k >= n) k = 2 * n - 2 - k;
    return k;
  };
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const X = x + 0.5 - w / 2 - shift[0]!, Y = y + 0.5 - h / 2 - shift[1]!;
      const u = inv[0]! * X + inv[1]! * Y + w / 2 - 0.5;
      const v = inv[2]! * X + inv[3]! * Y + h / 2 - 0.5;
      const x0 = Math.floor(u), y0 = Math.floor(v), fx = u - x0, fy = v - y0;
      for (let c = 0; c < ch; c++) {
        const p = (xx: number, yy: number) => {
          const a = at(xx, w), b = at(yy, h);
          return a < 0 || b < 0 ? fill[c]! : img.data[(b * w + a) * ch + c]!;
        };
        const val = (1 - fy) * ((1 - fx) * p(x0, y0) + fx * p(x0 + 1, y0)) + fy * ((1 - fx) * p(x0, y0 + 1) + fx * p(x0 + 1, y0 + 1));
        out.push(Math.round(Math.min(255, Math.max(0, val))));
      }
    }
  }
  return out;
}

describe('crop and resize', () => {
  it('gives exactly the requested size, for shrinking, enlarging and odd aspect ratios', async () => {
    const img = await photoLike();
    for (const [rw, rh, ow, oh] of [[256, 256, 224, 224], [100, 180, 224, 224], [50, 40, 300, 17], [256, 12, 7, 90]] as const) {
      const out = await cropResize(img, { x: 0, y: 0, width: rw, height: rh }, ow, oh);
      expect([out.width, out.height, out.channels, out.data.length]).toEqual([ow, oh, 3, ow * oh * 3]);
    }
  });

  it('copies the region exactly when no resizing is needed', () => {
    const img = ramp(40, 30, 4);
    const out = cropResizeJs(img, { x: 7, y: 5, width: 10, height: 12 }, 10, 12);
    for (let y = 0; y < 12; y++) for (let x = 0; x < 10; x++) expect(pixel(out, x, y)).toEqual(pixel(img, x + 7, y + 5));
  });

  it('samples at pixel centres: a linear ramp stays linear and unshifted when halved or doubled', () => {
    const ramp4 = solid(100, 3, [0, 0, 0]);
    for (let x = 0; x < 100; x++) for (let y = 0; y < 3; y++) ramp4.data[(y * 100 + x) * 3] = 2 * x;
    // Halving: output i covers inputs 2i and 2i + 1, centred on 2i + 0.5, so R = 2·(2i + 0.5).
    const half = cropResizeJs(ramp4, { x: 0, y: 0, width: 100, height: 3 }, 50, 3);
    for (let i = 1; i < 49; i++) expect(pixel(half, i, 1)[0]).toBe(4 * i + 1);
    // Doubling: output i sits at input i/2 − 1/4, so R = 2·(i/2 − 1/4) = i − 0.5 → rounds to even.
    const up = solid(50, 3, [0, 0, 0]);
    for (let x = 0; x < 50; x++) for (let y = 0; y < 3; y++) up.data[(y * 50 + x) * 3] = 4 * x;
    const twice = cropResizeJs(up, { x: 0, y: 0, width: 50, height: 3 }, 100, 3);
    for (let i = 2; i < 98; i++) expect(pixel(twice, i, 1)[0]).toBe(2 * i - 1);
  });

  it('keeps a flat colour flat and takes content from the region only', () => {
    const img = solid(100, 100, [20, 40, 60]);
    img.data.fill(255, 0, 100 * 50 * 3); // top half white
    const bottom = cropResizeJs(img, { x: 10, y: 50, width: 80, height: 50 }, 33, 77);
    expect(new Set(pixel(bottom, 0, 0).concat(pixel(bottom, 32, 76)))).toEqual(new Set([20, 40, 60]));
    expect(channelMean(bottom, 0)).toBe(20);
  });

  it('shrinks with antialiasing: a fine checkerboard becomes mid grey, not moiré', () => {
    const img = solid(200, 200, [0, 0, 0]);
    for (let y = 0; y < 200; y++) for (let x = 0; x < 200; x++) if ((x + y) % 2) img.data.fill(255, (y * 200 + x) * 3, (y * 200 + x) * 3 + 3);
    const out = cropResizeJs(img, { x: 0, y: 0, width: 200, height: 200 }, 37, 37);
    for (let i = 0; i < out.data.length; i++) expect(Math.abs(out.data[i]! - 127.5)).toBeLessThan(12);
  });

  it('agrees with sharp (used for large regions) to within resampling differences', async () => {
    const img = withAlpha(await photoLike());
    const region = { x: 20, y: 30, width: 200, height: 150 };
    const js = await cropResize(img, region, 120, 90, 'js');
    const vips = await cropResize(img, region, 120, 90, 'sharp');
    expect(vips.channels).toBe(4);
    expect(psnr(js, vips)).toBeGreaterThan(30);
  });
});

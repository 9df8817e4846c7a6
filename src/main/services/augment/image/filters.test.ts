/** Blur and sharpen on real pixels, and the fast blur paths against a plain reference. */
import { describe, expect, it } from 'vitest';
import type { ImageData } from '../op.ts';
import { blurJs, gaussianBlur, gaussianHalfKernel, sharpen } from './filters.ts';
import { alphaOf, channelMean, detailEnergy, photoLike, psnr, ramp, solid, withAlpha } from './test-images.ts';

/** A noisy picture: lots of fine detail for the blur to remove. */
function speckle(w: number, h: number, channels: 3 | 4 = 3): ImageData {
  const img = solid(w, h, [0, 0, 0], channels);
  for (let i = 0; i < img.data.length; i++) img.data[i] = (Math.imul(i + 1, 2654435761) >>> 24) & 255;
  return img;
}

/** Direct 2-D gaussian (separable product), edges replicated, for comparison. */
function referenceBlur(img: ImageData, sigma: number): Buffer {
  const k = gaussianHalfKernel(sigma);
  const r = k.length - 1;
  const { width: w, height: h, channels: ch } = img;
  const out = Buffer.alloc(img.data.length);
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < ch; c++) {
        let acc = 0;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) acc += k[Math.abs(dy)]! * k[Math.abs(dx)]! * img.data[(clamp(y + dy, h) * w + clamp(x + dx, w)) * ch + c]!;
        }
        out[(y * w + x) * ch + c] = Math.round(acc);
      }
    }
  }
  return out;
}

describe('gaussian blur', () => {
  it('removes most fine detail at sigma 1 and more at sigma 2, keeping the mean', async () => {
    const img = speckle(96, 64);
    const e0 = detailEnergy(img);
    const b1 = await gaussianBlur(img, 1);
    const b2 = await gaussianBlur(img, 2);
    expect(detailEnergy(b1)).toBeLessThan(e0 * 0.1);
    expect(detailEnergy(b2)).toBeLessThan(detailEnergy(b1) * 0.5);
    for (let c = 0; c < 3; c++) expect(Math.abs(channelMean(b1, c) - channelMean(img, c))).toBeLessThan(1);
  });

  it('keeps a flat image flat, edges included', async () => {
    const img = solid(30, 20, [17, 99, 240], 4, 200);
    expect((await gaussianBlur(img, 1.5)).data.equals(img.data)).toBe(true);
  });

  it('matches the plain 2-D reference within rounding for every kernel width (unrolled and general paths)', () => {
    const img = speckle(29, 23, 4);
    for (const sigma of [0.3, 0.5, 0.8, 1, 1.3, 1.7, 2.4]) {
      const fast = blurJs(img, sigma).data;
      const ref = referenceBlur(img, sigma);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(fast[i]! - ref[i]!));
      expect(worst, `sigma ${sigma}`).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same bytes on repeated and interleaved calls (scratch buffers leave no trace)', () => {
    const a = speckle(50, 40);
    const b = speckle(17, 90, 4);
    const first = blurJs(a, 1).data;
    blurJs(b, 2.2);
    blurJs(b, 0.6);
    expect(blurJs(a, 1).data.equals(first)).toBe(true);
  });

  it('hands large work to sharp, whose result is close to the JS one', async () => {
    const img = await photoLike();
    const js = await gaussianBlur(img, 2, 'js');
    const vips = await gaussianBlur(img, 2, 'sharp');
    expect(psnr(js, vips)).toBeGreaterThan(35);
  });
});

describe('sharpen', () => {
  it('adds fine detail to a soft picture, more with more strength; strength 0 changes nothing', async () => {
    const soft = await gaussianBlur(await photoLike(), 1.5);
    const e0 = detailEnergy(soft);
    const s1 = sharpen(soft, 0.3);
    const s2 = sharpen(soft, 0.8);
    expect(detailEnergy(s1)).toBeGreaterThan(e0 * 1.5);
    expect(detailEnergy(s2)).toBeGreaterThan(detailEnergy(s1));
    expect(sharpen(soft, 0).data.equals(soft.data)).toBe(true);
  });

  it('keeps flat areas and alpha unchanged', () => {
    const img = withAlpha(solid(20, 20, [80, 90, 100]));
    const out = sharpen(img, 1);
    expect(out.data.equals(img.data)).toBe(true);
    const g = withAlpha(ramp(20, 20));
    expect(alphaOf(sharpen(g, 0.7)).equals(alphaOf(g))).toBe(true);
  });
});

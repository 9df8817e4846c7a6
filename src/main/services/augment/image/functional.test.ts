/** Point operations checked on real pixels: flips, tone curves, grey, saturation and hue. */
import { describe, expect, it } from 'vitest';
import { brightness, contrast, gamma, grayscale, hflip, hueShift, meanLuma, saturation, vflip } from './functional.ts';
import { alphaOf, channelMean, photoLike, pixel, ramp, solid, withAlpha } from './test-images.ts';

describe('flips', () => {
  it.each([3, 4] as const)('hflip mirrors every pixel left to right (%i channels)', (ch) => {
    const img = ramp(37, 11, ch);
    const out = hflip(img);
    expect(out.width).toBe(37);
    for (let y = 0; y < 11; y++) for (let x = 0; x < 37; x++) expect(pixel(out, x, y)).toEqual(pixel(img, 36 - x, y));
    expect(hflip(out).data.equals(img.data)).toBe(true);
  });

  it.each([3, 4] as const)('vflip mirrors every pixel top to bottom (%i channels)', (ch) => {
    const img = ramp(13, 29, ch);
    const out = vflip(img);
    for (let y = 0; y < 29; y++) for (let x = 0; x < 13; x++) expect(pixel(out, x, y)).toEqual(pixel(img, x, 28 - y));
    expect(out.data.equals(img.data)).toBe(false);
  });

  it('leaves the input untouched', () => {
    const img = ramp(20, 20);
    const copy = Buffer.from(img.data);
    hflip(img);
    vflip(img);
    expect(img.data.equals(copy)).toBe(true);
  });
});

describe('tone curves', () => {
  it('brightness +x raises the mean by x·255 where nothing clips', async () => {
    const img = await photoLike();
    // The picture spans ~40–250; +0.01 and −0.1 stay inside 0–255 for most pixels.
    const up = brightness(img, 0.01);
    for (let c = 0; c < 3; c++) expect(channelMean(up, c) - channelMean(img, c)).toBeCloseTo(2.55, 0);
    const mid = solid(8, 8, [100, 120, 140]);
    expect(pixel(brightness(mid, 0.2), 3, 3)).toEqual([151, 171, 191]);
    expect(pixel(brightness(mid, -0.5), 0, 0)).toEqual([0, 0, 12]);
  });

  it('contrast scales every deviation from the mean luma by the factor', async () => {
    const img = await photoLike();
    const m = meanLuma(img);
    const out = contrast(img, 0.5);
    for (let i = 0; i < img.data.length; i += 997) expect(Math.abs(out.data[i]! - (m + (img.data[i]! - m) * 0.5))).toBeLessThanOrEqual(0.5);
    const flat = contrast(img, 0);
    expect(new Set(flat.data).size).toBe(1);
    expect(contrast(img, 1).data.equals(img.data)).toBe(true);
  });

  it('gamma maps v to round(255·(v/255)^γ) for every value', () => {
    const img = ramp(256, 1);
    for (const g of [0.5, 1.7]) {
      const out = gamma(img, g);
      for (let x = 0; x < 256; x++) {
        const v = img.data[x * 3]!;
        expect(out.data[x * 3]).toBe(Math.round(255 * Math.pow(v / 255, g)));
      }
      expect(pixel(out, 0, 0)[0]).toBe(0);
      expect(pixel(out, 255, 0)[0]).toBe(255);
    }
  });
});

describe('colour', () => {
  it('grayscale makes R = G = B with Rec. 601 luma and keeps the channel count', async () => {
    const img = await photoLike();
    const out = grayscale(img);
    expect(out.channels).toBe(3);
    for (let i = 0; i < out.data.length; i += 3) {
      expect(out.data[i]).toBe(out.data[i + 1]);
      expect(out.data[i + 1]).toBe(out.data[i + 2]);
    }
    expect(pixel(grayscale(solid(2, 2, [255, 0, 0])), 0, 0)).toEqual([76, 76, 76]);
  });

  it('saturation 0 is grayscale, 1 is the original, 2 pushes colours away from grey', async () => {
    const img = await photoLike();
    expect(saturation(img, 0).data.equals(grayscale(img).data)).toBe(true);
    expect(saturation(img, 1).data.equals(img.data)).toBe(true);
    const [r, g, b] = pixel(saturation(solid(1, 1, [150, 100, 100]), 2), 0, 0);
    expect(r! - g!).toBeGreaterThan(50);
    expect(g).toBe(b);
  });

  it('hue shift turns pure red into green at 120°, blue at 240°, yellow at 60°', () => {
    const red = solid(4, 4, [255, 0, 0]);
    expect(pixel(hueShift(red, 120), 1, 1)).toEqual([0, 255, 0]);
    expect(pixel(hueShift(red, 240), 1, 1)).toEqual([0, 0, 255]);
    expect(pixel(hueShift(red, -120), 1, 1)).toEqual([0, 0, 255]);
    expect(pixel(hueShift(red, 60), 1, 1)).toEqual([255, 255, 0]);
  });

  it('hue shift keeps greys, value and saturation; a full turn gives the image back', async () => {
    const img = await photoLike();
    expect(hueShift(img, 360).data.equals(img.data)).toBe(true);
    expect(hueShift(solid(2, 2, [90, 90, 90]), 77).data.equals(solid(2, 2, [90, 90, 90]).data)).toBe(true);
    const out = hueShift(img, 45);
    for (let i = 0; i < img.data.length; i += 3 * 101) {
      const a = [...img.data.subarray(i, i + 3)], b = [...out.data.subarray(i, i + 3)];
      expect(Math.abs(Math.max(...a) - Math.max(...b))).toBeLessThanOrEqual(1);
      expect(Math.abs(Math.min(...a) - Math.min(...b))).toBeLessThanOrEqual(1);
    }
  });

  it('colour operations leave alpha as it is', async () => {
    const img = withAlpha(await photoLike(64));
    for (const out of [brightness(img, 0.3), contrast(img, 1.5), gamma(img, 2), grayscale(img), saturation(img, 1.8), hueShift(img, 90)]) {
      expect(out.channels).toBe(4);
      expect(alphaOf(out).equals(alphaOf(img))).toBe(true);
    }
  });
});

/** Seeded noise, cutout and night on real pixels: measured strength, replay, shape of the change. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/rng.ts';
import { cutout, gaussianNoise, night, normalTable, randomWords } from './noise.ts';
import { alphaOf, channelMean, channelStd, diffStd, luma, photoLike, pixel, solid, withAlpha } from './test-images.ts';

describe('random streams', () => {
  it('randomWords is the sfc32 stream of createRng(seed)', () => {
    const rng = createRng(987654321);
    const words = randomWords(987654321, 1000);
    for (let i = 0; i < 1000; i++) expect(words[i]).toBe(Math.floor(rng.next() * 4294967296));
  });

  it('the normal table has mean 0 and variance 1, symmetric tails', () => {
    const t = normalTable();
    let s = 0, s2 = 0;
    for (const v of t) {
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / t.length)).toBeLessThan(1e-6);
    expect(s2 / t.length).toBeCloseTo(1, 5);
    expect(t[0]).toBeCloseTo(-t[t.length - 1]!, 5);
    expect(t[0]).toBeLessThan(-4);
  });
});

describe('gaussian noise', () => {
  const grey = solid(128, 128, [128, 128, 128]);

  it.each([5, 12, 25])('measures std %i (±10%) in every channel, with no shift of the mean', (std) => {
    const out = gaussianNoise(grey, std, 42, true);
    for (let c = 0; c < 3; c++) {
      const measured = channelStd(out, c);
      expect(measured).toBeGreaterThan(std * 0.9);
      expect(measured).toBeLessThan(std * 1.1);
      expect(Math.abs(channelMean(out, c) - 128)).toBeLessThan(0.5);
    }
    expect(Math.abs(diffStd(grey, out) - std)).toBeLessThan(std * 0.05);
  });

  it('replays from its seed to the same bytes; another seed gives other noise', () => {
    const a = gaussianNoise(grey, 10, 7, true);
    expect(gaussianNoise(grey, 10, 7, true).data.equals(a.data)).toBe(true);
    expect(gaussianNoise(grey, 10, 8, true).data.equals(a.data)).toBe(false);
  });

  it('per channel is independent noise; otherwise R, G and B get the same value (grey grain)', () => {
    const colour = gaussianNoise(grey, 10, 3, true);
    const mono = gaussianNoise(grey, 10, 3, false);
    let same = 0;
    for (let i = 0; i < colour.data.length; i += 3) if (colour.data[i] === colour.data[i + 1]) same++;
    expect(same / (128 * 128)).toBeLessThan(0.1);
    for (let i = 0; i < mono.data.length; i += 3) {
      expect(mono.data[i]).toBe(mono.data[i + 1]);
      expect(mono.data[i]).toBe(mono.data[i + 2]);
    }
    expect(diffStd(grey, mono)).toBeGreaterThan(9);
  });

  it('leaves alpha alone', async () => {
    const img = withAlpha(await photoLike(64));
    expect(alphaOf(gaussianNoise(img, 20, 1, true)).equals(alphaOf(img))).toBe(true);
  });
});

describe('cutout', () => {
  it('fills exactly the given rectangles with the colour and nothing else', async () => {
    const img = await photoLike(64);
    const boxes = [2, 3, 10, 5, 40, 40, 20, 30]; // the second runs off the bottom edge
    const out = cutout(img, boxes, [255, 0, 255, 255], 0);
    const inBox = (x: number, y: number) => (x >= 2 && x < 12 && y >= 3 && y < 8) || (x >= 40 && x < 60 && y >= 40);
    let filled = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        if (inBox(x, y)) {
          expect(pixel(out, x, y)).toEqual([255, 0, 255]);
          filled++;
        } else expect(pixel(out, x, y)).toEqual(pixel(img, x, y));
      }
    }
    expect(filled).toBe(10 * 5 + 20 * 24);
  });

  it('noise fill is random inside the holes, replayable, and keeps alpha', () => {
    const img = solid(40, 40, [0, 0, 0], 4, 77);
    const a = cutout(img, [5, 5, 20, 20], null, 99);
    expect(cutout(img, [5, 5, 20, 20], null, 99).data.equals(a.data)).toBe(true);
    expect(cutout(img, [5, 5, 20, 20], null, 100).data.equals(a.data)).toBe(false);
    const values = new Set<number>();
    for (let y = 5; y < 25; y++) for (let x = 5; x < 25; x++) values.add(pixel(a, x, y)[0]!);
    expect(values.size).toBeGreaterThan(100);
    expect(pixel(a, 30, 30)).toEqual([0, 0, 0, 77]);
    expect(alphaOf(a).equals(alphaOf(img))).toBe(true);
  });
});

describe('night', () => {
  it('darkens the mean luma and shifts the balance towards blue, more with strength', async () => {
    const img = await photoLike();
    const ratio = (i: typeof img) => channelMean(i, 2) / channelMean(i, 0);
    const mild = night(img, 0.3, 8, 5);
    const strong = night(img, 0.8, 8, 5);
    expect(luma(mild)).toBeLessThan(luma(img) * 0.75);
    expect(luma(strong)).toBeLessThan(luma(mild));
    expect(ratio(mild)).toBeGreaterThan(ratio(img) * 1.1);
    expect(ratio(strong)).toBeGreaterThan(ratio(mild));
  });

  it('adds grain scaled by strength, replayable from its seed; strength 0 is the identity', async () => {
    const img = await photoLike(64);
    const flat = night(solid(64, 64, [200, 200, 200]), 0.5, 10, 1);
    const smooth = night(solid(64, 64, [200, 200, 200]), 0.5, 0, 1);
    expect(diffStd(smooth, flat)).toBeGreaterThan(4);
    expect(diffStd(smooth, flat)).toBeLessThan(6);
    expect(night(img, 0.5, 10, 1).data.equals(night(img, 0.5, 10, 1).data)).toBe(true);
    expect(night(img, 0, 10, 1).data.equals(img.data)).toBe(true);
  });
});

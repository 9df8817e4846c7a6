/**
 * The contract every image operation keeps with the engine: one per spec,
 * draw is a pure function of the generator and gives plain JSON, apply is a
 * pure function of (sample, drawn) down to the byte, the input is never
 * modified, alpha images work, and running many at once changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { imageOpSpecs } from '../../../../shared/augment/catalog-image.ts';
import { defaultParams, type ParamValue } from '../../../../shared/augment/spec.ts';
import { createRng } from '../../../../shared/rng.ts';
import type { Drawn, ImageData, OpImpl } from '../op.ts';
import { cutout, gaussianNoise, imageOps, randomResizedCrop, rotate } from './ops.ts';
import { alphaOf, ctx, diffStd, photoLike, pixel, solid, withAlpha } from './test-images.ts';

const COLOUR_OPS = new Set(['brightness', 'contrast', 'saturation', 'hue_shift', 'gamma', 'grayscale', 'sharpen', 'gaussian_noise', 'jpeg_compression', 'cutout', 'night']);

const run = async (op: OpImpl<ImageData>, img: ImageData, drawn: Drawn) => op.apply(img, drawn, ctx);

describe('image catalog', () => {
  it('has one implementation per spec, in order (names and defaults: src/shared/augment/recipe.test.ts)', () => {
    expect(imageOps.map((o) => o.spec.name)).toEqual(imageOpSpecs.map((s) => s.name));
    expect(imageOps.every((o, i) => o.spec === imageOpSpecs[i])).toBe(true);
    expect(imageOpSpecs.every((s) => s.modality === 'image')).toBe(true);
  });
});

describe.each(imageOps.map((o) => [o.spec.name, o] as const))('%s', (name, op) => {
  const params = defaultParams(op.spec);

  it('draws the same JSON from the same seed', async () => {
    const img = await photoLike(64);
    const a = op.draw(createRng(11), params, img);
    expect(op.draw(createRng(11), params, img)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    if (Object.keys(a).length) {
      const others = [12, 13, 14].map((s) => JSON.stringify(op.draw(createRng(s), params, img)));
      expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
    }
  });

  it.each([3, 4] as const)('applies to the same bytes twice from the recorded JSON, without touching the input (%i channels)', async (ch) => {
    const base = await photoLike(64);
    const img = ch === 4 ? withAlpha(base) : base;
    const before = Buffer.from(img.data);
    const drawn = op.draw(createRng(5), params, img);
    const a = await run(op, img, drawn);
    const b = await run(op, img, JSON.parse(JSON.stringify(drawn)) as Drawn);
    expect(b.data.equals(a.data)).toBe(true);
    expect(img.data.equals(before)).toBe(true);
    expect(a.channels).toBe(ch);
    expect(a.data.length).toBe(a.width * a.height * ch);
    // Every default draw changes the picture (the crop's output is a different size, so it changes trivially).
    if (name !== 'random_resized_crop') expect(a.data.equals(img.data)).toBe(false);
    if (ch === 4 && COLOUR_OPS.has(name)) expect(alphaOf(a).equals(alphaOf(img))).toBe(true);
  });

  it('rejects a malformed drawn record instead of producing garbage', async () => {
    const img = await photoLike(16);
    const drawn = op.draw(createRng(1), params, img);
    const keys = Object.keys(drawn);
    if (!keys.length) return;
    const broken = { ...drawn, [keys[0]!]: 'oops' } as Drawn;
    await expect(Promise.resolve().then(() => op.apply(img, broken, ctx))).rejects.toThrow();
  });
});

describe('operations through draw and apply', () => {
  const withParams = (op: OpImpl<ImageData>, p: Record<string, ParamValue>) => ({ ...defaultParams(op.spec), ...p });

  it('rotate with angle [90, 90] turns counter-clockwise and keeps the size', async () => {
    const img = solid(9, 9, [0, 0, 0]);
    img.data.set([255, 0, 0], (4 * 9 + 8) * 3); // right of centre
    const out = await run(rotate, img, rotate.draw(createRng(1), withParams(rotate, { angle: [90, 90] }), img));
    expect([out.width, out.height]).toEqual([9, 9]);
    expect(pixel(out, 4, 0)).toEqual([255, 0, 0]);
  });

  it('random_resized_crop gives exactly the output size, from a region inside the image with the asked area and ratio', async () => {
    const img = await photoLike(256);
    const params = withParams(randomResizedCrop, { scale: [0.3, 0.6], ratio: [0.5, 2], width: 100, height: 60 });
    for (let seed = 0; seed < 30; seed++) {
      const d = randomResizedCrop.draw(createRng(seed), params, img);
      const [x, y, w, h] = [d.x, d.y, d.width, d.height] as number[];
      expect(x! >= 0 && y! >= 0 && x! + w! <= 256 && y! + h! <= 256).toBe(true);
      expect((w! * h!) / 65536).toBeGreaterThan(0.28);
      expect((w! * h!) / 65536).toBeLessThan(0.62);
      expect(w! / h!).toBeGreaterThan(0.48);
      expect(w! / h!).toBeLessThan(2.05);
      const out = await run(randomResizedCrop, img, d);
      expect([out.width, out.height, out.data.length]).toEqual([100, 60, 100 * 60 * 3]);
    }
  });

  it('cutout draws the asked number of holes, each filled with the fill colour', async () => {
    const img = await photoLike(128);
    const params = withParams(cutout, { holes: [4, 4], size: [0.1, 0.1], fill: '#ff00ff' });
    const d = cutout.draw(createRng(3), params, img);
    const boxes = d.boxes as number[];
    expect(boxes.length).toBe(16);
    const out = await run(cutout, img, d);
    for (let k = 0; k < boxes.length; k += 4) {
      const [x, y, w, h] = boxes.slice(k, k + 4) as [number, number, number, number];
      expect([w, h]).toEqual([13, 13]);
      for (const [px, py] of [[x, y], [x + w - 1, y + h - 1], [x + (w >> 1), y + (h >> 1)]] as const) expect(pixel(out, px, py)).toEqual([255, 0, 255]);
    }
  });

  it('gaussian_noise replays exactly from the recorded seed and measures the drawn std', async () => {
    const grey = solid(96, 96, [120, 120, 120]);
    const d = gaussianNoise.draw(createRng(9), withParams(gaussianNoise, { std: [8, 12] }), grey);
    const a = await run(gaussianNoise, grey, d);
    const replay = await run(gaussianNoise, grey, JSON.parse(JSON.stringify(d)) as Drawn);
    expect(replay.data.equals(a.data)).toBe(true);
    const std = d.std as number;
    expect(Math.abs(diffStd(grey, a) - std) / std).toBeLessThan(0.1);
  });

  it('running a recipe on many samples at once gives the same bytes as one after another', async () => {
    const base = await photoLike(96);
    const samples = [base, withAlpha(base), await photoLike(72)];
    const chain = async (img: ImageData, seed: number) => {
      const rng = createRng(seed);
      let cur = img;
      for (const op of imageOps) cur = await op.apply(cur, op.draw(rng.fork(op.spec.name), defaultParams(op.spec), cur), ctx);
      return cur.data;
    };
    const sequential: Buffer[] = [];
    for (let i = 0; i < 6; i++) sequential.push(await chain(samples[i % 3]!, i));
    const together = await Promise.all(Array.from({ length: 6 }, (_, i) => chain(samples[i % 3]!, i)));
    together.forEach((b, i) => expect(b.equals(sequential[i]!)).toBe(true));
  });
});

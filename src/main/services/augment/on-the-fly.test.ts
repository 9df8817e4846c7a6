import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presets } from '../../../shared/augment/presets.ts';
import { decodeImage } from './image/codec.ts';
import type { ImageData } from './op.ts';
import { augment, compileRecipe } from './engine.ts';
import { onTheFly, type BatchItem } from './on-the-fly.ts';
import { contextFor } from './task.ts';

const IMAGES = path.resolve(import.meta.dirname, '../../../../resources/sample-data/images');

async function batch(): Promise<Array<BatchItem<ImageData>>> {
  const items: Array<BatchItem<ImageData>> = [];
  for (const [i, c] of ['circle', 'square', 'star', 'triangle'].entries()) {
    const file = path.join(IMAGES, c, '000.png');
    items.push({ key: `${c}/000`, split: i < 3 ? 'train' : 'validation', label: c, data: await decodeImage(fs.readFileSync(file)) });
  }
  return items;
}

const always = { name: 'flip+noise', modality: 'image', steps: [{ op: 'hflip', p: 1 }, { op: 'gaussian_noise', p: 1, params: { std: [5, 10] } }] };

describe('on-the-fly augmentation', () => {
  it('changes train items only, and leaves validation items as they were', async () => {
    const items = await batch();
    const aug = await onTheFly(always, 3);
    const out = await aug.augmentBatch(items, 0);
    for (const [i, item] of items.entries()) {
      if (item.split === 'train') {
        expect(out.applied[i]!.map((a) => a.op)).toEqual(['hflip', 'gaussian_noise']);
        expect(out.data[i]!.data.equals(item.data.data)).toBe(false);
      } else {
        expect(out.applied[i]).toEqual([]);
        expect(out.data[i]).toBe(item.data);
      }
    }
  });

  it('gives epoch e the bytes of export variant e: the same again for the same epoch, new ones for the next', async () => {
    const items = await batch();
    const aug = await onTheFly(presets['image-default'], 11);
    const e0 = await aug.augmentBatch(items, 0);
    const again = await aug.augmentBatch(items, 0);
    const e1 = await aug.augmentBatch(items, 1);
    const pipeline = compileRecipe(presets['image-default']);
    const exported = await augment(pipeline, items[0]!.data, { seed: 11, key: items[0]!.key, variant: 1 }, contextFor(pipeline));
    for (let i = 0; i < 3; i++) expect(again.data[i]!.data.equals(e0.data[i]!.data)).toBe(true);
    expect(e1.data[0]!.data.equals(exported.output.data)).toBe(true);
    expect(e1.applied[0]).toEqual(exported.applied);
    expect([0, 1, 2].some((i) => !e1.data[i]!.data.equals(e0.data[i]!.data))).toBe(true);
  });

  it('honours the classes a recipe is limited to', async () => {
    const items = await batch();
    const aug = await onTheFly({ ...always, classes: ['square'] }, 3);
    const out = await aug.augmentBatch(items, 2);
    expect(out.applied.map((a) => a.length)).toEqual([0, 2, 0, 0]);
  });

  it('rejects an invalid recipe before the first batch', async () => {
    await expect(onTheFly({ ...always, steps: [{ op: 'hflip', p: 2 }] }, 1)).rejects.toThrow(/step 1 \(hflip\): probability p/);
  });
});

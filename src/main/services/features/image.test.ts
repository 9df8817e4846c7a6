import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageFeatures } from '../../../shared/features/spec.ts';
import { fitImage, imagePixels, resolveNormalization, transformImages } from './image.ts';

const GOOD_IMAGES = path.resolve(import.meta.dirname, '../../../../test/fixtures/images-good');
const config = (o: Record<string, unknown> = {}): ImageFeatures => ImageFeatures.parse({ modality: 'image', ...o });

/** Vertical stripes of the given colours, each `w` pixels wide, `h` high, as PNG bytes. */
async function stripes(colours: Array<[number, number, number]>, w: number, h: number): Promise<Buffer> {
  const width = colours.length * w;
  const px = Buffer.alloc(width * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < width; x++) px.set(colours[Math.floor(x / w)]!, (y * width + x) * 3);
  return sharp(px, { raw: { width, height: h, channels: 3 } }).png().toBuffer();
}

const RED: [number, number, number] = [220, 30, 30];
const GREEN: [number, number, number] = [30, 200, 40];
const BLUE: [number, number, number] = [20, 40, 210];

function pixel(px: Buffer, width: number, x: number, y: number, channels = 3): number[] {
  const i = (y * width + x) * channels;
  return Array.from(px.subarray(i, i + channels));
}

describe('image preprocessing', () => {
  it('letterbox keeps the aspect ratio: a 40×20 image in 32×32 fills 16 rows, padding rows above and below', async () => {
    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: RED[0], g: RED[1], b: RED[2] } } }).png().toBuffer();
    const px = await imagePixels(config({ mode: 'letterbox', padValue: 0 }), png);
    expect(px.length).toBe(32 * 32 * 3);
    for (let y = 0; y < 32; y++) {
      const inside = y >= 8 && y < 24;
      for (const x of [0, 15, 31]) expect(pixel(px, 32, x, y)).toEqual(inside ? RED : [0, 0, 0]);
    }
  });

  it('centre-crop keeps the middle, stretch keeps everything', async () => {
    // 90×20 → 72×16 when covering 16×16; the middle 16 columns (28–43) lie inside the green stripe (24–47).
    const png = await stripes([RED, GREEN, BLUE], 30, 20);
    const crop = await imagePixels(config({ mode: 'center-crop', width: 16, height: 16 }), png);
    for (const x of [0, 8, 15]) expect(pixel(crop, 16, x, 8)).toEqual(GREEN);
    const stretch = await imagePixels(config({ mode: 'stretch', width: 30, height: 10, kernel: 'nearest' }), png);
    expect([pixel(stretch, 30, 2, 5), pixel(stretch, 30, 15, 5), pixel(stretch, 30, 27, 5)]).toEqual([RED, GREEN, BLUE]);
  });

  it('normalises with the chosen mean and std, NHWC float32', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 255, g: 0, b: 51 } } }).png().toBuffer();
    const state = fitImage(config({ width: 4, height: 4 }));
    expect(state.mean).toEqual([0.485, 0.456, 0.406]);
    const { data, shape } = await transformImages(state, [png, png]);
    expect(shape).toEqual([2, 4, 4, 3]);
    expect(data[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(data[1]).toBeCloseTo((0 - 0.456) / 0.224, 5);
    expect(data[2]).toBeCloseTo((0.2 - 0.406) / 0.225, 5);
    const half = await transformImages(fitImage(config({ width: 4, height: 4, normalize: 'half' })), [png]);
    expect(Array.from(half.data.subarray(0, 3))).toEqual([1, -1, Math.fround(0.2 / 0.5 - 1)]);
    expect(resolveNormalization(config({ channels: 1 }))).toEqual({ mean: [0.449], std: [0.226] });
  });

  it('makes grey images of one channel, and flattens transparency onto the background', async () => {
    const rgba = Buffer.alloc(4 * 4 * 4); // fully transparent black
    const png = await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).png().toBuffer();
    const grey = await imagePixels(config({ width: 4, height: 4, channels: 1, alphaBackground: 255 }), png);
    expect(Array.from(grey)).toEqual(new Array(16).fill(255));
    const black = await imagePixels(config({ width: 4, height: 4, alphaBackground: 0 }), png);
    expect(Math.max(...black)).toBe(0);
  });

  it('reads every committed format (JPEG, PNG, WebP, GIF, TIFF, AVIF) and decoded pixels alike', async () => {
    const files = fs.readdirSync(GOOD_IMAGES, { recursive: true, encoding: 'utf8' }).filter((f) => /\.\w+$/.test(f) && fs.statSync(path.join(GOOD_IMAGES, f)).isFile());
    expect(files.length).toBe(18);
    const state = fitImage(config());
    const { data, shape } = await transformImages(state, files.map((f) => fs.readFileSync(path.join(GOOD_IMAGES, f))));
    expect(shape).toEqual([18, 32, 32, 3]);
    expect(data.every(Number.isFinite)).toBe(true);
    // Raw pixels (what on-the-fly augmentation hands over) go through the same resize.
    const { data: raw, info } = await sharp(fs.readFileSync(path.join(GOOD_IMAGES, 'cat/cat-2.png'))).raw().toBuffer({ resolveWithObject: true });
    const fromPixels = await transformImages(state, [{ data: raw, width: info.width, height: info.height, channels: info.channels as 3 }]);
    const fromBytes = await transformImages(state, [fs.readFileSync(path.join(GOOD_IMAGES, 'cat/cat-2.png'))]);
    expect(Buffer.from(fromPixels.data.buffer).equals(Buffer.from(fromBytes.data.buffer))).toBe(true);
  });

  it('says which image failed', async () => {
    await expect(transformImages(fitImage(config()), [Buffer.from('not an image')])).rejects.toThrow(/cannot preprocess image/);
  });
});

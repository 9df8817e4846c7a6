/** Decoding any stored image into 8-bit sRGB (EXIF-rotated, alpha kept), encoding back, JPEG re-compression. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, encodeImage, jpegRoundTrip } from './codec.ts';
import { alphaOf, photoLike, pixel, psnr, ramp, solid, withAlpha } from './test-images.ts';

describe('decodeImage', () => {
  it('decodes a JPEG to 3 channels and a PNG with alpha to 4', async () => {
    const img = await photoLike(64);
    const jpg = await decodeImage(await encodeImage(img, 'jpeg', 95));
    expect([jpg.width, jpg.height, jpg.channels, jpg.data.length]).toEqual([64, 64, 3, 64 * 64 * 3]);
    const rgba = withAlpha(img);
    const png = await decodeImage(await encodeImage(rgba, 'png'));
    expect(png.channels).toBe(4);
    expect(png.data.equals(rgba.data)).toBe(true);
  });

  it('turns grey and 16-bit images into 8-bit three-channel sRGB', async () => {
    const grey = await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 90, g: 90, b: 90 } } }).greyscale().png().toBuffer();
    const g = await decodeImage(grey);
    expect([g.channels, ...pixel(g, 3, 3)]).toEqual([3, 90, 90, 90]);
    const deep = await sharp({ create: { width: 5, height: 5, channels: 3, background: { r: 255, g: 0, b: 128 } } }).toColourspace('rgb16').png().toBuffer();
    const d = await decodeImage(deep);
    expect(d.data.length).toBe(5 * 5 * 3);
    expect(pixel(d, 2, 2)).toEqual([255, 0, 128]);
  });

  it('applies the EXIF orientation', async () => {
    // Stored 40×20 with orientation 6 ("rotate 90° clockwise to view"): shown 20×40.
    const raw = ramp(40, 20);
    const jpg = await sharp(raw.data, { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const img = await decodeImage(jpg);
    expect([img.width, img.height]).toEqual([20, 40]);
    // Clockwise: the stored top-left corner (dark red and green) ends up top-right.
    expect(pixel(img, 19, 0)[0]!).toBeLessThan(30);
    expect(pixel(img, 0, 0)[0]!).toBeLessThan(30);
    expect(pixel(img, 19, 39)[0]!).toBeGreaterThan(220);
  });

  it('refuses images above the pixel limit and truncated files, with a clear message', async () => {
    const big = await encodeImage(ramp(100, 100), 'png');
    await expect(decodeImage(big, { maxPixels: 5000 })).rejects.toThrow(/cannot decode image/);
    const jpg = await encodeImage(await photoLike(64), 'jpeg', 90);
    await expect(decodeImage(jpg.subarray(0, jpg.length >> 1))).rejects.toThrow(/cannot decode image/);
    await expect(decodeImage(Buffer.from('not an image'))).rejects.toThrow(/cannot decode image/);
  });
});

describe('encodeImage', () => {
  it('writes JPEG, PNG and WebP that decode to the same size; PNG is lossless', async () => {
    const img = await photoLike(48);
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const buf = await encodeImage(img, format, 90);
      const meta = await sharp(buf).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format, 48, 48]);
    }
    expect((await decodeImage(await encodeImage(img, 'png'))).data.equals(img.data)).toBe(true);
  });

  it('flattens alpha onto white for JPEG', async () => {
    const img = solid(32, 32, [200, 60, 30], 4);
    for (let i = 3; i < 32 * 8 * 4; i += 4) img.data[i] = 0; // the top 8 rows fully transparent
    const back = await decodeImage(await encodeImage(img, 'jpeg', 100));
    expect(back.channels).toBe(3);
    expect(pixel(back, 10, 0).every((v) => v > 235)).toBe(true);
    pixel(back, 16, 24).forEach((v, c) => expect(Math.abs(v - [200, 60, 30][c]!)).toBeLessThan(6));
  });
});

describe('jpegRoundTrip', () => {
  it('changes the bytes but stays close: PSNR above 30 dB at quality 80 and above', async () => {
    const img = await photoLike();
    for (const q of [80, 90, 95]) {
      const out = await jpegRoundTrip(img, q);
      expect(out.data.equals(img.data)).toBe(false);
      expect([out.width, out.height, out.channels]).toEqual([256, 256, 3]);
      expect(psnr(img, out)).toBeGreaterThan(30);
    }
    expect(psnr(img, await jpegRoundTrip(img, 10))).toBeLessThan(psnr(img, await jpegRoundTrip(img, 90)));
  });

  it('keeps alpha exactly and gives the same bytes twice', async () => {
    const img = withAlpha(await photoLike(64));
    const a = await jpegRoundTrip(img, 60);
    expect(a.channels).toBe(4);
    expect(alphaOf(a).equals(alphaOf(img))).toBe(true);
    expect((await jpegRoundTrip(img, 60)).data.equals(a.data)).toBe(true);
  });
});

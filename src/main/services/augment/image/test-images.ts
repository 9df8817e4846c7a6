/**
 * Images and measurements for the image operation tests: small synthetic
 * pictures, a photo-like one made from a real digit of the shared dataset,
 * and the statistics the tests check (means, deviations, PSNR, detail
 * energy). Not used by the product.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { ApplyContext, ImageData } from '../op.ts';

export const ctx: ApplyContext = { protect: { numbers: true, entities: true, words: [] }, backgroundClips: async () => [] };

export function solid(width: number, height: number, rgb: readonly number[], channels: 3 | 4 = 3, alpha = 255): ImageData {
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    data.set(rgb.slice(0, 3), i * channels);
    if (channels === 4) data[i * channels + 3] = alpha;
  }
  return { data, width, height, channels };
}

/** Every pixel different: R = x, G = y, B = (x·y) mod 251, alpha a pattern of its own. */
export function ramp(width: number, height: number, channels: 3 | 4 = 3): ImageData {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data[i] = (x * 255) / Math.max(1, width - 1);
      data[i + 1] = (y * 255) / Math.max(1, height - 1);
      data[i + 2] = (x * y) % 251;
      if (channels === 4) data[i + 3] = 128 + ((x + 2 * y) % 128);
    }
  }
  return { data, width, height, channels };
}

export function pixel(img: ImageData, x: number, y: number): number[] {
  const i = (y * img.width + x) * img.channels;
  return [...img.data.subarray(i, i + img.channels)];
}

/** Mean of one channel (0 = R, 1 = G, 2 = B, 3 = alpha). */
export function channelMean(img: ImageData, c: number): number {
  let s = 0;
  for (let i = c; i < img.data.length; i += img.channels) s += img.data[i]!;
  return s / (img.width * img.height);
}

export function channelStd(img: ImageData, c: number): number {
  const m = channelMean(img, c);
  let s = 0;
  for (let i = c; i < img.data.length; i += img.channels) s += (img.data[i]! - m) ** 2;
  return Math.sqrt(s / (img.width * img.height));
}

export function luma(img: ImageData): number {
  return 0.299 * channelMean(img, 0) + 0.587 * channelMean(img, 1) + 0.114 * channelMean(img, 2);
}

/** Standard deviation of (b − a) over the colour channels. */
export function diffStd(a: ImageData, b: ImageData): number {
  let s = 0, s2 = 0, n = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (a.channels === 4 && i % 4 === 3) continue;
    const d = b.data[i]! - a.data[i]!;
    s += d;
    s2 += d * d;
    n++;
  }
  const m = s / n;
  return Math.sqrt(s2 / n - m * m);
}

export function psnr(a: ImageData, b: ImageData): number {
  let se = 0;
  for (let i = 0; i < a.data.length; i++) se += (a.data[i]! - b.data[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.data.length));
}

/** Mean squared response to a 4-neighbour Laplacian over the colour channels: the image's fine detail. */
export function detailEnergy(img: ImageData): number {
  const { width: w, height: h, channels: ch, data } = img;
  let e = 0, n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * w + x) * ch + c;
        const l = 4 * data[i]! - data[i - ch]! - data[i + ch]! - data[i - w * ch]! - data[i + w * ch]!;
        e += l * l;
        n++;
      }
    }
  }
  return e / n;
}

/** Alpha bytes of a 4-channel image, to check colour operations leave them alone. */
export function alphaOf(img: ImageData): Buffer {
  const out = Buffer.alloc(img.width * img.height);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i * 4 + 3]!;
  return out;
}

const DIGITS = '/work/shared/datasets/digits';

/**
 * A 256×256 photo-like picture: a real handwritten digit from the shared
 * dataset, enlarged, tinted and laid over a colour gradient; a synthetic
 * gradient alone where the dataset is missing.
 */
export async function photoLike(size = 256): Promise<ImageData> {
  const grad = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      grad[i] = 40 + (150 * x) / size;
      grad[i + 1] = 60 + (120 * y) / size;
      grad[i + 2] = 180 - (100 * (x + y)) / (2 * size);
    }
  }
  const dir = path.join(DIGITS, '3');
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort()[0] : undefined;
  if (!file) return { data: grad, width: size, height: size, channels: 3 };
  const digit = await sharp(path.join(dir, file)).resize(size, size, { kernel: 'cubic' }).greyscale().raw().toBuffer();
  for (let i = 0; i < size * size; i++) {
    const a = digit[i]! / 255;
    grad[i * 3] = grad[i * 3]! * (1 - a) + 250 * a;
    grad[i * 3 + 1] = grad[i * 3 + 1]! * (1 - a) + 220 * a;
    grad[i * 3 + 2] = grad[i * 3 + 2]! * (1 - a) + 90 * a;
  }
  return { data: grad, width: size, height: size, channels: 3 };
}

/** The same picture with an alpha channel (a radial fade). */
export function withAlpha(img: ImageData): ImageData {
  const { width: w, height: h } = img;
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      data.set(img.data.subarray(i * 3, i * 3 + 3), i * 4);
      data[i * 4 + 3] = 255 - Math.min(255, Math.round(Math.hypot(x - w / 2, y - h / 2)));
    }
  }
  return { data, width: w, height: h, channels: 4 };
}

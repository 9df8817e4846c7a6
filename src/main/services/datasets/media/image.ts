/**
 * Image probing and thumbnails on sharp. The header is read first so a
 * 30000×30000 "bomb" is refused before any pixel is decoded; sharp's own
 * limitInputPixels guards the decode as well.
 */
import sharp, { type Metadata } from 'sharp';
import { MEDIA_LIMITS } from './limits.ts';

export interface ImageProbe {
  width: number;
  height: number;
  format: string;
}

const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif']);

sharp.cache(false);

export class ImageError extends Error {}

/** Maps libvips messages to something a user can act on. */
function explain(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/unsupported image format|bad seek|Input file is missing/i.test(msg)) return 'not a supported image: the content is not JPEG, PNG, WebP, GIF, TIFF or AVIF';
  if (/premature end|truncat|unexpected end|Read error|not enough data/i.test(msg)) return `truncated image (${msg.split('\n')[0]})`;
  if (/pixel limit/i.test(msg)) return `image is above the ${MEDIA_LIMITS.maxPixels / 1e6} MP pixel limit`;
  return `corrupt image (${msg.split('\n')[0]})`;
}

export async function probeImage(buf: Buffer, maxPixels: number): Promise<ImageProbe> {
  let meta: Metadata;
  try {
    meta = await sharp(buf, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ImageError(explain(err));
  }
  const { width, height } = meta;
  if (!width || !height) throw new ImageError('image has no dimensions in its header');
  if (width * height > maxPixels) {
    throw new ImageError(`image is ${width}×${height} (${((width * height) / 1e6).toFixed(0)} MP), above the ${(maxPixels / 1e6).toFixed(0)} MP pixel limit`);
  }
  let format = meta.format as string;
  if (format === 'heif') format = meta.compression === 'av1' ? 'avif' : 'heif';
  if (!FORMATS.has(format)) throw new ImageError(`unsupported image format ${format}`);
  return { width, height, format };
}

/** A WebP thumbnail that fits in size×size, EXIF-rotated; fails on truncated data. */
export async function makeThumbnail(buf: Buffer, maxPixels: number, size: number): Promise<Buffer> {
  try {
    return await sharp(buf, { limitInputPixels: maxPixels, failOn: 'truncated', animated: false })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 0 })
      .toBuffer();
  } catch (err) {
    throw new ImageError(explain(err));
  }
}

/**
 * Files ↔ raw pixels for the augmentation engine, on sharp: one call to
 * decode (EXIF orientation applied, any colour space to 8-bit sRGB, alpha
 * kept when present) and one to encode.
 */
import sharp from 'sharp';
import type { ImageData } from '../op.ts';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** Default pixel limit when the caller gives none: what sharp itself uses (~268 MP). */
const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

export async function decodeImage(buf: Buffer, opts: { maxPixels?: number } = {}): Promise<ImageData> {
  try {
    const { data, info } = await sharp(buf, { limitInputPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS, failOn: 'truncated', animated: false })
      .rotate()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected ${info.channels} channels after conversion to sRGB`);
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`cannot decode image: ${msg}`, { cause: err });
  }
}

/**
 * Encodes raw pixels. JPEG has no alpha, so a 4-channel image is flattened
 * onto white first (transparent areas of a cut-out look as on a page).
 * JPEG uses standard Huffman tables (Pillow's default too): sharp's optimised
 * coding saves a few percent of bytes for ~40% more encode time.
 */
export async function encodeImage(img: ImageData, format: ImageFormat, quality = 90): Promise<Buffer> {
  const { width, height, channels } = img;
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  let s = sharp(img.data, { raw: { width, height, channels } });
  if (format === 'jpeg') {
    if (channels === 4) s = s.flatten({ background: '#ffffff' });
    return s.jpeg({ quality: q, optimiseCoding: false }).toBuffer();
  }
  if (format === 'png') return s.png().toBuffer();
  return s.webp({ quality: q }).toBuffer();
}

/**
 * JPEG encode then decode at `quality`: the artefacts of a re-saved photo.
 * Alpha (which JPEG cannot carry) is set aside and put back unchanged.
 */
export async function jpegRoundTrip(img: ImageData, quality: number): Promise<ImageData> {
  const { width, height, channels } = img;
  const rgb = channels === 4 ? dropAlpha(img) : img.data;
  const jpg = await sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality: Math.min(100, Math.max(1, Math.round(quality))), optimiseCoding: false }).toBuffer();
  const back = await sharp(jpg).raw().toBuffer();
  if (channels === 3) return { data: back, width, height, channels };
  const out = Buffer.allocUnsafe(width * height * 4);
  for (let i = 0, j = 0; j < back.length; i += 4, j += 3) {
    out[i] = back[j]!;
    out[i + 1] = back[j + 1]!;
    out[i + 2] = back[j + 2]!;
    out[i + 3] = img.data[i + 3]!;
  }
  return { data: out, width, height, channels };
}

function dropAlpha(img: ImageData): Buffer {
  const out = Buffer.allocUnsafe(img.width * img.height * 3);
  const src = img.data;
  for (let i = 0, j = 0; i < src.length; i += 4, j += 3) {
    out[j] = src[i]!;
    out[j + 1] = src[i + 1]!;
    out[j + 2] = src[i + 2]!;
  }
  return out;
}

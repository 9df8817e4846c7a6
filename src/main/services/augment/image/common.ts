/** Helpers shared by the image operations: spec lookup, drawn-value readers, colours, buffers. */
import { imageOpSpecs } from '../../../../shared/augment/catalog-image.ts';
import type { OpSpec, ParamValue } from '../../../../shared/augment/spec.ts';
import type { Drawn, ImageData } from '../op.ts';

export function specOf(name: string): OpSpec {
  const spec = imageOpSpecs.find((s) => s.name === name);
  if (!spec) throw new Error(`no image operation spec named ${name}`);
  return spec;
}

/** A finite number from a drawn record; a malformed (hand-edited) manifest fails loudly instead of producing garbage pixels. */
export function drawnNumber(drawn: Drawn, key: string): number {
  const v = drawn[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`drawn value "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}

export function drawnInt(drawn: Drawn, key: string): number {
  const v = drawnNumber(drawn, key);
  if (!Number.isInteger(v)) throw new TypeError(`drawn value "${key}" must be a whole number, got ${v}`);
  return v;
}

export function drawnString(drawn: Drawn, key: string): string {
  const v = drawn[key];
  if (typeof v !== 'string') throw new TypeError(`drawn value "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

export function drawnBool(drawn: Drawn, key: string): boolean {
  const v = drawn[key];
  if (typeof v !== 'boolean') throw new TypeError(`drawn value "${key}" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

export function drawnInts(drawn: Drawn, key: string): number[] {
  const v = drawn[key];
  if (!Array.isArray(v) || v.some((x) => !Number.isInteger(x))) throw new TypeError(`drawn value "${key}" must be a list of whole numbers`);
  return v;
}

/** A string or boolean recipe parameter, falling back to the default when absent or of the wrong type. */
export function paramString(v: ParamValue | undefined, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

export function paramBool(v: ParamValue | undefined, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

/** `#rrggbb` → [r, g, b, 255]. */
export function parseColour(hex: string): [number, number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new TypeError(`expected a colour like #808080, got ${JSON.stringify(hex)}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16), 255];
}

/**
 * A writable view that rounds to nearest (ties to even) and clamps to 0–255
 * on assignment: the fastest correct way to store float results in V8.
 */
export function clampedView(buf: Buffer): Uint8ClampedArray {
  return new Uint8ClampedArray(buf.buffer, buf.byteOffset, buf.length);
}

/** An image of the same shape with a fresh buffer (contents undefined). */
export function blankLike(img: ImageData, width = img.width, height = img.height): ImageData {
  return { data: Buffer.allocUnsafe(width * height * img.channels), width, height, channels: img.channels };
}

export function checkImage(img: ImageData): void {
  const { width, height, channels, data } = img;
  if (!(width > 0 && height > 0) || (channels !== 3 && channels !== 4) || data.length !== width * height * channels) {
    throw new RangeError(`bad image buffer: ${width}×${height}×${channels} with ${data.length} bytes`);
  }
}

/**
 * The contract between the augmentation engine and its operations. An
 * operation is a spec (shared with the studio) plus two functions:
 *
 *   draw(rng, params, sample) → drawn   all randomness happens here, from the
 *                                        seeded rng the engine passes down;
 *                                        `drawn` is plain JSON (numbers,
 *                                        strings, booleans, number arrays), and
 *                                        is recorded in the manifest
 *   apply(sample, drawn, ctx) → sample  pure given `drawn`: replaying a
 *                                        recorded `drawn` gives the same bytes
 *
 * Operations that need noise draw a `seed` in draw() and build their own
 * generator from it in apply(), so replay stays exact.
 */
import type { OpSpec, ParamValue } from '../../../shared/augment/spec.ts';
import type { Rng } from '../../../shared/rng.ts';

/** Raw interleaved 8-bit pixels, the form images take between operations. */
export interface ImageData {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface TextData {
  text: string;
}

/** Decoded audio, one Float32Array per channel, samples in [-1, 1]. */
export interface AudioData {
  sampleRate: number;
  channels: Float32Array[];
}

export type DrawnValue = number | string | boolean | number[];
export type Drawn = Record<string, DrawnValue>;

/** Tokens text operations must never change. */
export interface ProtectRules {
  numbers: boolean;
  /** Capitalised words not at the start of a sentence (names, places). */
  entities: boolean;
  /** Extra words or phrases, matched case-insensitively. */
  words: string[];
}

export interface ApplyContext {
  protect: ProtectRules;
  /** Decoded background clips for audio noise mixing (already at the sample's rate when used). */
  backgroundClips: () => Promise<AudioData[]>;
}

export interface OpImpl<S> {
  spec: OpSpec;
  draw(rng: Rng, params: Record<string, ParamValue>, sample: S): Drawn;
  apply(sample: S, drawn: Drawn, ctx: ApplyContext): S | Promise<S>;
}

/** A value in a [min, max] range param (or the number itself), integer when asked. */
export function drawRange(rng: Rng, v: ParamValue | undefined, integer = false): number {
  if (typeof v === 'number') return v;
  if (!Array.isArray(v)) throw new TypeError(`expected a range, got ${JSON.stringify(v)}`);
  const [lo, hi] = v;
  if (integer) {
    const a = Math.ceil(lo);
    return a + rng.int(Math.floor(hi) - a + 1);
  }
  return lo === hi ? lo : rng.uniform(lo, hi);
}

/** A fresh 32-bit seed for operations that generate noise in apply(). */
export function drawSeed(rng: Rng): number {
  return Math.floor(rng.next() * 4294967296);
}

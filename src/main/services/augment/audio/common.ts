/** Helpers shared by the audio operations: spec lookup, drawn-value readers, per-channel mapping, levels. */
import { audioOpSpecs } from '../../../../shared/augment/catalog-audio.ts';
import type { OpSpec } from '../../../../shared/augment/spec.ts';
import type { AudioData, Drawn } from '../op.ts';

export function specOf(name: string): OpSpec {
  const spec = audioOpSpecs.find((s) => s.name === name);
  if (!spec) throw new Error(`no audio operation spec named ${name}`);
  return spec;
}

/** A finite number from a drawn record; a malformed (hand-edited) manifest fails loudly instead of producing NaN audio. */
export function drawnNumber(drawn: Drawn, key: string): number {
  const v = drawn[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`drawn value "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}

export function drawnPositive(drawn: Drawn, key: string): number {
  const v = drawnNumber(drawn, key);
  if (!(v > 0)) throw new RangeError(`drawn value "${key}" must be positive, got ${v}`);
  return v;
}

export function drawnString(drawn: Drawn, key: string): string {
  const v = drawn[key];
  if (typeof v !== 'string') throw new TypeError(`drawn value "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

export function drawnNumbers(drawn: Drawn, key: string): number[] {
  const v = drawn[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new TypeError(`drawn value "${key}" must be a list of numbers`);
  return v;
}

/** Applies the same transform to every channel, keeping the sample rate. */
export function mapChannels(sample: AudioData, fn: (ch: Float32Array, index: number) => Float32Array): AudioData {
  return { sampleRate: sample.sampleRate, channels: sample.channels.map(fn) };
}

/** Sum of squares over all channels (float64), and the sample count it covers. */
export function energy(channels: Float32Array[]): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) sum += ch[i]! * ch[i]!;
    count += ch.length;
  }
  return { sum, count };
}

/** RMS over all channels together; 0 for an empty clip. */
export function rms(channels: Float32Array[]): number {
  const { sum, count } = energy(channels);
  return count ? Math.sqrt(sum / count) : 0;
}

export function peak(channels: Float32Array[]): number {
  let m = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) m = Math.max(m, Math.abs(ch[i]!));
  return m;
}

export function dbToGain(db: number): number {
  return 10 ** (db / 20);
}

export function scaled(ch: Float32Array, gain: number): Float32Array {
  const out = new Float32Array(ch.length);
  for (let i = 0; i < ch.length; i++) out[i] = ch[i]! * gain;
  return out;
}

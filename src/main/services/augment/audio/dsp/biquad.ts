/**
 * Butterworth low- and high-pass filters as cascaded biquads (RBJ Audio EQ
 * Cookbook forms, bilinear transform with the cutoff pre-warped). Order 2 is
 * one section with Q = 1/√2; order 4 is two sections whose Qs are the
 * Butterworth pole pairs (0.541, 1.307), giving a maximally flat passband and
 * −3 dB at the cutoff either way. Filtering is causal, in float64 state.
 */

export type FilterKind = 'lowpass' | 'highpass';

export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export function biquad(kind: FilterKind, cutoff: number, q: number, sampleRate: number): Biquad {
  const w0 = (2 * Math.PI * cutoff) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const b1 = kind === 'lowpass' ? 1 - cos : -(1 + cos);
  const b0 = Math.abs(b1) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Sections of an even-order Butterworth filter; the cutoff is kept below 0.45 × the sample rate. */
export function butterworth(kind: FilterKind, order: number, cutoff: number, sampleRate: number): Biquad[] {
  if (order < 2 || order % 2 !== 0) throw new RangeError(`Butterworth order must be even, got ${order}`);
  const fc = Math.min(Math.max(cutoff, 1), 0.45 * sampleRate);
  const sections: Biquad[] = [];
  for (let k = 1; k <= order / 2; k++) {
    const q = 1 / (2 * Math.cos(((2 * k - 1) * Math.PI) / (2 * order)));
    sections.push(biquad(kind, fc, q, sampleRate));
  }
  return sections;
}

/** Runs x through the sections in turn (transposed direct form II), from rest. */
export function filterCascade(x: Float32Array, sections: Biquad[]): Float32Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i]!;
  for (const { b0, b1, b2, a1, a2 } of sections) {
    let s1 = 0, s2 = 0;
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      const out = b0 * v + s1;
      s1 = b1 * v - a1 * out + s2;
      s2 = b2 * v - a2 * out;
      y[i] = out;
    }
  }
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i]!;
  return out;
}

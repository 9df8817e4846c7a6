/** Analysis / synthesis windows and the STFT size used across the audio operations. */

/**
 * Periodic Hann window. With a hop of size / 4, both w and w² add up to a
 * constant (COLA), so Hann analysis + Hann synthesis reconstructs exactly
 * after dividing by Σw² (1.5 in the interior).
 */
export function hann(size: number): Float64Array {
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  return w;
}

const hannCache = new Map<number, Float64Array>();

/** A shared Hann window of `size`: read it, never write it. */
export function sharedHann(size: number): Float64Array {
  let w = hannCache.get(size);
  if (!w) hannCache.set(size, (w = hann(size)));
  return w;
}

/** Zeroth-order modified Bessel function of the first kind (power series; converges fast for the β used here). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

export interface StftSize {
  nfft: number;
  hop: number;
}

/**
 * FFT size for a sample rate: the power of two nearest to 32 ms (512 at
 * 16 kHz, 256 at 8 kHz, 1024 at 22.05–32 kHz, 2048 at 44.1/48 kHz), hop a
 * quarter of it. Long enough to resolve voice harmonics, short enough that
 * transients do not smear much.
 */
export function stftSize(sampleRate: number): StftSize {
  const target = Math.max(64, sampleRate * 0.032);
  const nfft = 2 ** Math.round(Math.log2(target));
  return { nfft, hop: nfft / 4 };
}

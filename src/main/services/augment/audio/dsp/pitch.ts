/**
 * Pitch shifting without changing tempo or length: resample by the pitch
 * factor f = 2^(semitones/12) and time-stretch back to the original length.
 * The order is chosen so the phase vocoder always produces the shorter of the
 * two intermediate signals: shifting up resamples first (the clip gets
 * shorter, then is stretched back); shifting down stretches first (to n·f)
 * and then resamples up to n. Both orders lose the same band above
 * Nyquist / f when shifting up.
 */
import { resample } from './resample.ts';
import { timeStretch } from './stretch.ts';

export function pitchShift(x: Float32Array, sampleRate: number, semitones: number): Float32Array {
  const n = x.length;
  if (semitones === 0 || n === 0) return x.slice();
  const f = 2 ** (semitones / 12);
  if (f >= 1) {
    const higher = resample(x, f, Math.max(1, Math.round(n / f)));
    return timeStretch(higher, sampleRate, n);
  }
  const stretched = timeStretch(x, sampleRate, Math.max(1, Math.round(n * f)));
  return resample(stretched, f, n);
}

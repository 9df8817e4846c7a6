/**
 * Short-time Fourier transform and its inverse by weighted overlap-add.
 * Frames are centred on multiples of the hop (frame f covers
 * [f·hop − nfft/2, f·hop + nfft/2)), with zeros outside the signal, so the
 * first frame describes the very start and nothing is lost at either end.
 * The inverse divides by the summed squared window, which makes
 * istft(stft(x)) = x up to rounding wherever the window covers the signal.
 */
import { realFft } from './fft.ts';
import { scratch } from './scratch.ts';
import { sharedHann } from './window.ts';

export interface Spectrum {
  frames: number;
  /** nfft / 2 + 1. */
  bins: number;
  /** Frame-major: bin k of frame f at f · bins + k. */
  re: Float64Array;
  im: Float64Array;
}

/** Frames needed so the last frame's centre reaches the last hop of a signal of `length` samples. */
export function frameCount(length: number, hop: number): number {
  return Math.floor(length / hop) + 1;
}

/** Copies the windowed frame centred at `center` into `out` (zeros beyond the signal). */
export function windowedFrame(x: ArrayLike<number>, center: number, window: Float64Array, out: Float64Array): void {
  const n = window.length;
  const start = center - (n >> 1);
  const lo = Math.max(0, -start);
  const hi = Math.min(n, x.length - start);
  out.fill(0, 0, Math.max(0, lo));
  for (let i = lo; i < hi; i++) out[i] = x[start + i]! * window[i]!;
  if (hi < n) out.fill(0, Math.max(hi, 0), n);
}

export function stft(x: ArrayLike<number>, nfft: number, hop: number): Spectrum {
  const fft = realFft(nfft);
  const window = sharedHann(nfft);
  const frames = frameCount(x.length, hop);
  const bins = fft.bins;
  const re = new Float64Array(frames * bins);
  const im = new Float64Array(frames * bins);
  const buf = scratch('stft.frame', nfft);
  for (let f = 0; f < frames; f++) {
    windowedFrame(x, f * hop, window, buf);
    fft.forward(buf, re.subarray(f * bins, (f + 1) * bins), im.subarray(f * bins, (f + 1) * bins));
  }
  return { frames, bins, re, im };
}

/**
 * Accumulates windowed synthesis frames and the window-square envelope;
 * `finish` divides one by the other. Shared by istft and the phase vocoder
 * (never both at once: its buffers are scratch, named by `purpose`).
 */
export class OverlapAdd {
  private readonly acc: Float64Array;
  private readonly env: Float64Array;
  private readonly window: Float64Array;
  readonly length: number;

  constructor(length: number, window: Float64Array, purpose: string) {
    this.length = length;
    this.acc = scratch(`${purpose}.acc`, length);
    this.env = scratch(`${purpose}.env`, length);
    this.window = window;
  }

  /** Adds frame (unwindowed time samples) centred at `center`, windowing it on the way. */
  add(frame: Float64Array, center: number): void {
    const { acc, env, window, length } = this;
    const n = window.length;
    const start = center - (n >> 1);
    const lo = Math.max(0, -start);
    const hi = Math.min(n, length - start);
    for (let i = lo; i < hi; i++) {
      const w = window[i]!;
      acc[start + i]! += frame[i]! * w;
      env[start + i]! += w * w;
    }
  }

  finish(): Float32Array {
    const out = new Float32Array(this.length);
    const { acc, env } = this;
    for (let i = 0; i < out.length; i++) {
      const e = env[i]!;
      out[i] = e > 1e-6 ? acc[i]! / e : 0;
    }
    return out;
  }
}

export function istft(spec: Spectrum, nfft: number, hop: number, length: number): Float32Array {
  const fft = realFft(nfft);
  const ola = new OverlapAdd(length, sharedHann(nfft), 'istft');
  const { bins } = spec;
  const buf = scratch('istft.frame', nfft);
  for (let f = 0; f < spec.frames; f++) {
    fft.inverse(spec.re.subarray(f * bins, (f + 1) * bins), spec.im.subarray(f * bins, (f + 1) * bins), buf);
    ola.add(buf, f * hop);
  }
  return ola.finish();
}

/**
 * STFT → per-frame edit → inverse STFT, one frame at a time (no spectrogram
 * is held). `edit` may change the bins of frame f in place.
 */
export function transformFrames(x: ArrayLike<number>, nfft: number, hop: number, edit: (frame: number, re: Float64Array, im: Float64Array) => void): Float32Array {
  const fft = realFft(nfft);
  const window = sharedHann(nfft);
  const ola = new OverlapAdd(x.length, window, 'frames');
  const buf = scratch('frames.buf', nfft);
  const re = scratch('frames.re', fft.bins);
  const im = scratch('frames.im', fft.bins);
  const frames = frameCount(x.length, hop);
  for (let f = 0; f < frames; f++) {
    windowedFrame(x, f * hop, window, buf);
    fft.forward(buf, re, im);
    edit(f, re, im);
    fft.inverse(re, im, buf);
    ola.add(buf, f * hop);
  }
  return ola.finish();
}

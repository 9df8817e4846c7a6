/**
 * Log-magnitude spectrogram of the mono mix, for the studio's before/after
 * view (the renderer turns the numbers into pixels).
 */
import type { AudioData } from '../op.ts';
import { stft } from './dsp/stft.ts';
import { stftSize } from './dsp/window.ts';

export interface SpectrogramOptions {
  /** FFT size (power of two); default ~32 ms at the clip's rate. */
  nfft?: number;
  /** Hop in samples; default nfft / 4. */
  hop?: number;
  /** Floor in dB below which values are clamped (default −120). */
  floorDb?: number;
}

export interface Spectrogram {
  /** Frame-major dB values, 20·log10|X| of the Hann-windowed frame: bin k of frame f at f · bins + k. */
  data: Float32Array;
  frames: number;
  bins: number;
}

export function spectrogram(audio: AudioData, opts: SpectrogramOptions = {}): Spectrogram {
  const size = stftSize(audio.sampleRate);
  const nfft = opts.nfft ?? size.nfft;
  const hop = opts.hop ?? nfft / 4;
  const floor = opts.floorDb ?? -120;
  const length = audio.channels[0]?.length ?? 0;
  const mono = new Float64Array(length);
  const scale = audio.channels.length ? 1 / audio.channels.length : 0;
  for (const ch of audio.channels) for (let i = 0; i < length; i++) mono[i]! += ch[i]! * scale;
  const spec = stft(mono, nfft, hop);
  const data = new Float32Array(spec.re.length);
  const floorPower = 10 ** (floor / 10);
  for (let i = 0; i < data.length; i++) {
    const p = spec.re[i]! * spec.re[i]! + spec.im[i]! * spec.im[i]!;
    data[i] = p > floorPower ? 10 * Math.log10(p) : floor;
  }
  return { data, frames: spec.frames, bins: spec.bins };
}

/**
 * Signals and measurements for the audio operation tests and the bench:
 * sines, clicks, a spoken clip made with espeak-ng + sox when those tools
 * exist, dominant frequency, level in a band. Not used by the product.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeWav } from '../../datasets/media/wav.ts';
import type { ApplyContext, AudioData } from '../op.ts';
import { nextPow2, RealFft } from './dsp/fft.ts';

export const SR = 16000;

export function sine(freq: number, seconds: number, sampleRate = SR, amplitude = 0.5): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  return out;
}

export function tones(freqs: number[], seconds: number, sampleRate = SR, amplitude = 0.2): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (const f of freqs) {
    const s = sine(f, seconds, sampleRate, amplitude);
    for (let i = 0; i < out.length; i++) out[i]! += s[i]!;
  }
  return out;
}

export function mono(ch: Float32Array, sampleRate = SR): AudioData {
  return { sampleRate, channels: [ch] };
}

/** Two different channels: the signal, and the signal at half level with its polarity flipped. */
export function stereo(ch: Float32Array, sampleRate = SR): AudioData {
  return { sampleRate, channels: [ch, ch.map((v) => -0.5 * v)] };
}

export function ctxWith(clips: AudioData[] = []): ApplyContext {
  return { protect: { numbers: true, entities: true, words: [] }, backgroundClips: async () => clips };
}

/** Power spectrum of the whole signal (Hann window, zero-padded to ≥ 2× the length). */
export function powerSpectrum(x: Float32Array): { power: Float64Array; binHz: (sampleRate: number) => number } {
  const n = nextPow2(x.length) * 2;
  const fft = new RealFft(n);
  const buf = new Float64Array(n);
  for (let i = 0; i < x.length; i++) buf[i] = x[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / x.length));
  const re = new Float64Array(fft.bins);
  const im = new Float64Array(fft.bins);
  fft.forward(buf, re, im);
  const power = new Float64Array(fft.bins);
  for (let k = 0; k < fft.bins; k++) power[k] = re[k]! * re[k]! + im[k]! * im[k]!;
  return { power, binHz: (sr) => sr / n };
}

/** Frequency of the strongest spectral peak, refined by a parabola through the log power around it. */
export function dominantFrequency(x: Float32Array, sampleRate = SR): number {
  const { power, binHz } = powerSpectrum(x);
  let best = 1;
  for (let k = 1; k < power.length - 1; k++) if (power[k]! > power[best]!) best = k;
  const a = Math.log(power[best - 1]! + 1e-300), b = Math.log(power[best]! + 1e-300), c = Math.log(power[best + 1]! + 1e-300);
  const offset = (0.5 * (a - c)) / (a - 2 * b + c);
  return (best + offset) * binHz(sampleRate);
}

/** Energy (dB) of the spectrum within ±halfWidth Hz of a frequency. */
export function bandDb(x: Float32Array, freq: number, halfWidth: number, sampleRate = SR): number {
  const { power, binHz } = powerSpectrum(x);
  const hz = binHz(sampleRate);
  let sum = 0;
  for (let k = Math.max(0, Math.floor((freq - halfWidth) / hz)); k <= Math.min(power.length - 1, Math.ceil((freq + halfWidth) / hz)); k++) sum += power[k]!;
  return 10 * Math.log10(sum + 1e-300);
}

export function energyOf(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return s;
}

/** 10·log10(clean energy / energy of (noisy − clean)). */
export function measuredSnr(clean: Float32Array[], noisy: Float32Array[]): number {
  let sig = 0, noise = 0;
  clean.forEach((ch, c) => {
    const out = noisy[c]!;
    for (let i = 0; i < ch.length; i++) {
      sig += ch[i]! * ch[i]!;
      const d = out[i]! - ch[i]!;
      noise += d * d;
    }
  });
  return 10 * Math.log10(sig / noise);
}

function haveTool(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Why spoken clips cannot be made here, or null when espeak-ng and sox are both installed. */
export function speechToolsMissing(): string | null {
  const missing = ['espeak-ng', 'sox'].filter((t) => !haveTool(t));
  return missing.length ? `${missing.join(' and ')} not installed (apt-get install -y espeak-ng sox)` : null;
}

/** A spoken sentence at `sampleRate` (espeak-ng synthesises at 22.05 kHz; sox converts), decoded. */
export function speechClip(text: string, sampleRate = SR, voice = 'en'): AudioData {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-speech-'));
  try {
    const raw = path.join(dir, 'raw.wav');
    const out = path.join(dir, 'out.wav');
    const say = spawnSync('espeak-ng', ['-v', voice, '-w', raw, text], { encoding: 'utf8' });
    if (say.status !== 0) throw new Error(`espeak-ng failed: ${say.stderr}`);
    const conv = spawnSync('sox', [raw, '-r', String(sampleRate), '-c', '1', '-b', '16', out], { encoding: 'utf8' });
    if (conv.status !== 0) throw new Error(`sox failed: ${conv.stderr}`);
    return decodeWav(fs.readFileSync(out));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

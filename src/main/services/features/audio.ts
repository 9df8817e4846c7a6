/**
 * Audio preprocessing: WAV bytes (or decoded channels) → mono → target rate
 * → fixed window → MFCC [frames, coefficients], standardised per coefficient
 * with statistics fitted on the train split.
 */
import type { AudioFeatures, AudioState } from '../../../shared/features/spec.ts';
import { convertRate } from '../augment/audio/dsp/resample.ts';
import { decodeWav, type DecodedAudio } from '../datasets/media/wav.ts';
import { mfccFrames, mfccInto, mfccPlan, type MfccPlan } from './mfcc.ts';
import { RunningStats } from './running-stats.ts';

/** What a client may send: WAV file bytes, or audio already decoded (e.g. by on-the-fly augmentation). */
export type AudioRaw = Uint8Array | DecodedAudio;

export function decodeAudioInput(raw: AudioRaw): DecodedAudio {
  return raw instanceof Uint8Array ? decodeWav(raw) : raw;
}

/** Channel mean; a mono clip is returned as is. */
export function mixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0]!;
  const n = channels[0]!.length;
  const out = new Float32Array(n);
  const scale = 1 / channels.length;
  for (const ch of channels) for (let i = 0; i < n; i++) out[i]! += ch[i]! * scale;
  return out;
}

/** Pads with zeros or trims to `length`: `center` keeps the middle (the odd sample goes to the end), `start` the beginning. */
export function fitLength(x: Float32Array, length: number, align: 'center' | 'start'): Float32Array {
  if (x.length === length) return x;
  const out = new Float32Array(length);
  if (x.length > length) {
    const from = align === 'center' ? (x.length - length) >> 1 : 0;
    out.set(x.subarray(from, from + length));
  } else {
    out.set(x, align === 'center' ? (length - x.length) >> 1 : 0);
  }
  return out;
}

export function windowSamples(c: AudioFeatures): number {
  return Math.round(c.windowSeconds * c.sampleRate);
}

function planOf(c: AudioFeatures): MfccPlan {
  return mfccPlan(c.sampleRate, c.mfcc);
}

/** The samples MFCC sees: mono, at the target rate, padded or trimmed to the window. */
export function prepareAudio(c: AudioFeatures, raw: AudioRaw): Float32Array {
  const audio = decodeAudioInput(raw);
  // Mixing first resamples one channel instead of each (both steps are linear, so the order does not change the result).
  const mono = mixToMono(audio.channels);
  const atRate = convertRate([mono], audio.sampleRate, c.sampleRate)[0]!;
  return fitLength(atRate, windowSamples(c), c.align);
}

function frameCountOf(c: AudioFeatures): number {
  const frames = mfccFrames(planOf(c), windowSamples(c));
  if (frames < 1) throw new RangeError(`audio window of ${c.windowSeconds} s is shorter than one ${c.mfcc.frameMs} ms MFCC frame`);
  return frames;
}

/** Streams the train clips once (only when normalising) for per-coefficient mean and std over all frames. */
export async function fitAudio(config: AudioFeatures, raws: AsyncIterable<AudioRaw> | Iterable<AudioRaw>): Promise<AudioState> {
  const frames = frameCountOf(config);
  if (!config.normalize) return { modality: 'audio', config, frames, mean: null, std: null };
  const plan = planOf(config);
  const C = config.mfcc.coefficients;
  const stats = new RunningStats(C);
  const buf = new Float64Array(frames * C);
  for await (const raw of raws) {
    mfccInto(plan, prepareAudio(config, raw), buf);
    stats.pushRows(buf, frames);
  }
  return { modality: 'audio', config, frames, mean: stats.means(), std: stats.stds() };
}

/** A batch of clips → Float32 [N, frames, coefficients]. */
export function transformAudio(state: AudioState, raws: readonly AudioRaw[]): { data: Float32Array; shape: number[] } {
  const c = state.config;
  const plan = planOf(c);
  const C = c.mfcc.coefficients;
  const per = state.frames * C;
  const data = new Float32Array(raws.length * per);
  const tmp = new Float64Array(per);
  raws.forEach((raw, i) => {
    mfccInto(plan, prepareAudio(c, raw), tmp);
    const { mean, std } = state;
    for (let j = 0; j < per; j++) {
      const k = j % C;
      data[i * per + j] = mean && std ? (tmp[j]! - mean[k]!) / std[k]! : tmp[j]!;
    }
  });
  return { data, shape: [raws.length, state.frames, C] };
}

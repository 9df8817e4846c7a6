/**
 * Additive noise at a signal-to-noise ratio. The noise is scaled so that its
 * RMS over the whole clip (all channels) is exactly the clip's RMS minus the
 * SNR in dB: the ratio users ask for is the ratio they get, even on short
 * clips where white noise's own RMS would wander. A silent clip stays silent.
 * Gaussian samples come from a ziggurat over the seeded generator.
 */
import { createRng } from '../../../../shared/rng.ts';
import { drawRange, drawSeed, type ApplyContext, type AudioData, type Drawn, type OpImpl } from '../op.ts';
import { dbToGain, drawnNumber, energy, rms, specOf } from './common.ts';
import { NormalSource } from './dsp/gaussian.ts';
import { convertRate } from './dsp/resample.ts';

/**
 * Adds noise × gain to the signal, where gain brings the noise to the drawn
 * SNR. Writes into `noise` (one array per channel, owned by the caller), which
 * becomes the output.
 */
function mixInto(sample: AudioData, noise: Float32Array[], snrDb: number): AudioData {
  const signal = rms(sample.channels);
  const noiseRms = rms(noise);
  const gain = signal > 0 && noiseRms > 0 ? signal / dbToGain(snrDb) / noiseRms : 0;
  sample.channels.forEach((ch, c) => {
    const n = noise[c]!;
    for (let i = 0; i < ch.length; i++) n[i] = ch[i]! + n[i]! * gain;
  });
  return { sampleRate: sample.sampleRate, channels: noise };
}

export const gaussianNoiseSnr: OpImpl<AudioData> = {
  spec: specOf('gaussian_noise_snr'),
  draw: (rng, params) => ({ snr_db: drawRange(rng, params.snr_db), seed: drawSeed(rng) }),
  apply(sample, drawn) {
    const source = new NormalSource(createRng(drawnNumber(drawn, 'seed')));
    // Independent noise per channel (one stream, channel after channel), like a real noisy recording.
    const noise = sample.channels.map((ch) => {
      const n = new Float32Array(ch.length);
      source.fill(n);
      return n;
    });
    return mixInto(sample, noise, drawnNumber(drawn, 'snr_db'));
  },
};

/** Background clips converted to a sample rate, kept as long as the engine keeps the clip objects. */
const converted = new WeakMap<AudioData, Map<number, Float32Array[]>>();

function atRate(clip: AudioData, sampleRate: number): Float32Array[] {
  let byRate = converted.get(clip);
  if (!byRate) converted.set(clip, (byRate = new Map()));
  let channels = byRate.get(sampleRate);
  if (!channels) byRate.set(sampleRate, (channels = convertRate(clip.channels, clip.sampleRate, sampleRate)));
  return channels;
}

/** `length` samples of `source` from `offset`, looping around its end. */
function looped(source: Float32Array, offset: number, length: number): Float32Array {
  const out = new Float32Array(length);
  const n = source.length;
  if (!n) return out;
  let j = offset % n;
  for (let i = 0; i < length; i++) {
    out[i] = source[j]!;
    if (++j === n) j = 0;
  }
  return out;
}

export const backgroundNoise: OpImpl<AudioData> = {
  spec: specOf('background_noise'),
  // The clip count is unknown here, so a 32-bit index is drawn and taken modulo the count in apply (the engine keeps the order stable).
  draw: (rng, params) => ({ snr_db: drawRange(rng, params.snr_db), clip: drawSeed(rng), offset: rng.next() }),
  async apply(sample: AudioData, drawn: Drawn, ctx: ApplyContext) {
    const clips = await ctx.backgroundClips();
    if (!clips.length) throw new Error('background_noise needs background clips, and none were found: choose a folder of WAV files for the recipe');
    const clip = clips[drawnNumber(drawn, 'clip') % clips.length]!;
    const source = atRate(clip, sample.sampleRate);
    const length = source[0]?.length ?? 0;
    const offset = Math.floor(Math.min(Math.max(drawnNumber(drawn, 'offset'), 0), 1) * length);
    const noise = sample.channels.map((ch, c) => looped(source[c % source.length] ?? new Float32Array(0), offset, ch.length));
    if (energy(noise).sum === 0) return { sampleRate: sample.sampleRate, channels: sample.channels.map((ch) => ch.slice()) };
    return mixInto(sample, noise, drawnNumber(drawn, 'snr_db'));
  },
};

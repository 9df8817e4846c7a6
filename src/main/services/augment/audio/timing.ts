/** Operations that move or re-time the audio: shift, speed, time stretch, pitch shift. */
import { drawRange, type AudioData, type OpImpl } from '../op.ts';
import { drawnNumber, drawnPositive, drawnString, mapChannels, specOf } from './common.ts';
import { pitchShift as shiftPitch } from './dsp/pitch.ts';
import { resample } from './dsp/resample.ts';
import { timeStretch as stretch } from './dsp/stretch.ts';

function lengthOf(sample: AudioData): number {
  return sample.channels[0]?.length ?? 0;
}

/** Moves samples later by k (earlier when negative); roll wraps them around, pad fills with zeros. */
export function shift(ch: Float32Array, k: number, roll: boolean): Float32Array {
  const n = ch.length;
  const out = new Float32Array(n);
  if (!n) return out;
  if (roll) {
    const m = ((k % n) + n) % n;
    out.set(ch.subarray(0, n - m), m);
    out.set(ch.subarray(n - m), 0);
  } else if (k >= 0) {
    if (k < n) out.set(ch.subarray(0, n - k), k);
  } else if (-k < n) {
    out.set(ch.subarray(-k), 0);
  }
  return out;
}

export const timeShift: OpImpl<AudioData> = {
  spec: specOf('time_shift'),
  draw(rng, params, sample) {
    const fraction = drawRange(rng, params.fraction);
    return { fraction, samples: Math.round(fraction * lengthOf(sample)), mode: params.mode === 'pad' ? 'pad' : 'roll' };
  },
  apply(sample, drawn) {
    const k = drawnNumber(drawn, 'samples');
    const roll = drawnString(drawn, 'mode') !== 'pad';
    return mapChannels(sample, (ch) => shift(ch, k, roll));
  },
};

export const speed: OpImpl<AudioData> = {
  spec: specOf('speed'),
  draw: (rng, params) => ({ factor: drawRange(rng, params.factor) }),
  apply(sample, drawn) {
    const factor = drawnPositive(drawn, 'factor');
    const length = Math.round(lengthOf(sample) / factor);
    return mapChannels(sample, (ch) => resample(ch, factor, length));
  },
};

export const timeStretch: OpImpl<AudioData> = {
  spec: specOf('time_stretch'),
  draw: (rng, params) => ({ rate: drawRange(rng, params.rate) }),
  apply(sample, drawn) {
    const length = Math.round(lengthOf(sample) / drawnPositive(drawn, 'rate'));
    return mapChannels(sample, (ch) => stretch(ch, sample.sampleRate, length));
  },
};

export const pitchShift: OpImpl<AudioData> = {
  spec: specOf('pitch_shift'),
  draw: (rng, params) => ({ semitones: drawRange(rng, params.semitones) }),
  apply(sample, drawn) {
    const semitones = drawnNumber(drawn, 'semitones');
    return mapChannels(sample, (ch) => shiftPitch(ch, sample.sampleRate, semitones));
  },
};

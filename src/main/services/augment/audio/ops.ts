/**
 * The audio operations, in catalog order. Each one applies the values drawn
 * for a sample to every channel alike.
 */
import type { AudioData, OpImpl } from '../op.ts';
import { freqMask, timeMask } from './masking.ts';
import { clippingDistortion, gain, highPass, lowPass, peakNormalize, polarityInversion } from './level.ts';
import { backgroundNoise, gaussianNoiseSnr } from './noise.ts';
import { pitchShift, speed, timeShift, timeStretch } from './timing.ts';

export { spectrogram, type Spectrogram, type SpectrogramOptions } from './spectrogram.ts';

export const audioOps: OpImpl<AudioData>[] = [
  gaussianNoiseSnr,
  backgroundNoise,
  timeShift,
  gain,
  speed,
  timeStretch,
  pitchShift,
  timeMask,
  freqMask,
  lowPass,
  highPass,
  clippingDistortion,
  polarityInversion,
  peakNormalize,
];

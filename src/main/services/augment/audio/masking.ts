/**
 * SpecAugment-style masking on the waveform: STFT, zero whole frames (time)
 * or whole bins in every frame (frequency), inverse STFT by weighted
 * overlap-add (Hann analysis and synthesis at a quarter-frame hop, which is
 * COLA for the squared window). Without masks the round trip returns the
 * input to float precision.
 *
 * Widths and starts are drawn in draw() from the STFT geometry of the sample
 * as it arrives, so apply only replays them. Following SpecAugment, each
 * mask's width is uniform in [0, max_width] and its start uniform over the
 * positions where it fits.
 */
import type { ParamValue } from '../../../../shared/augment/spec.ts';
import type { Rng } from '../../../../shared/rng.ts';
import { drawRange, type AudioData, type Drawn, type OpImpl } from '../op.ts';
import { drawnNumbers, drawnPositive, mapChannels, specOf } from './common.ts';
import { frameCount, transformFrames } from './dsp/stft.ts';
import { stftSize } from './dsp/window.ts';

function drawMasks(rng: Rng, params: Record<string, ParamValue>, extent: number, nfft: number, hop: number): Drawn {
  const count = drawRange(rng, params.masks, true);
  const maxWidth = Math.min(Math.max(0, Math.floor(Number(params.max_width) || 0)), extent);
  const starts: number[] = [];
  const widths: number[] = [];
  for (let m = 0; m < count; m++) {
    const width = rng.int(maxWidth + 1);
    starts.push(rng.int(extent - width + 1));
    widths.push(width);
  }
  return { starts, widths, nfft, hop };
}

/** Zeroes the masked part of every channel's STFT and resynthesises; skips the transform when nothing is masked. */
function applyMasks(sample: AudioData, drawn: Drawn, axis: 'time' | 'freq'): AudioData {
  const starts = drawnNumbers(drawn, 'starts');
  const widths = drawnNumbers(drawn, 'widths');
  const nfft = drawnPositive(drawn, 'nfft');
  const hop = drawnPositive(drawn, 'hop');
  const spans = starts.map((s, m) => [Math.max(0, s), s + (widths[m] ?? 0)] as const).filter(([a, b]) => b > a);
  if (!spans.length) return mapChannels(sample, (ch) => ch.slice());
  if (axis === 'time') {
    const masked = (f: number): boolean => spans.some(([a, b]) => f >= a && f < b);
    return mapChannels(sample, (ch) =>
      transformFrames(ch, nfft, hop, (f, re, im) => {
        if (masked(f)) {
          re.fill(0);
          im.fill(0);
        }
      }),
    );
  }
  return mapChannels(sample, (ch) =>
    transformFrames(ch, nfft, hop, (_f, re, im) => {
      for (const [a, b] of spans) {
        re.fill(0, a, b);
        im.fill(0, a, b);
      }
    }),
  );
}

export const timeMask: OpImpl<AudioData> = {
  spec: specOf('time_mask'),
  draw(rng, params, sample) {
    const { nfft, hop } = stftSize(sample.sampleRate);
    return drawMasks(rng, params, frameCount(sample.channels[0]?.length ?? 0, hop), nfft, hop);
  },
  apply: (sample, drawn) => applyMasks(sample, drawn, 'time'),
};

export const freqMask: OpImpl<AudioData> = {
  spec: specOf('freq_mask'),
  draw(rng, params, sample) {
    const { nfft, hop } = stftSize(sample.sampleRate);
    return drawMasks(rng, params, nfft / 2 + 1, nfft, hop);
  },
  apply: (sample, drawn) => applyMasks(sample, drawn, 'freq'),
};

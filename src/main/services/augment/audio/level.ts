/** Level and waveshape operations: gain, clipping, polarity, peak normalisation, low/high-pass. */
import { drawRange, type AudioData, type Drawn, type OpImpl } from '../op.ts';
import { dbToGain, drawnNumber, drawnString, mapChannels, peak, scaled, specOf } from './common.ts';
import { butterworth, filterCascade, type FilterKind } from './dsp/biquad.ts';

export const gain: OpImpl<AudioData> = {
  spec: specOf('gain'),
  draw: (rng, params) => ({ gain_db: drawRange(rng, params.gain_db) }),
  apply(sample, drawn) {
    const g = dbToGain(drawnNumber(drawn, 'gain_db'));
    return mapChannels(sample, (ch) => scaled(ch, g));
  },
};

export const polarityInversion: OpImpl<AudioData> = {
  spec: specOf('polarity_inversion'),
  draw: () => ({}),
  apply: (sample) => mapChannels(sample, (ch) => scaled(ch, -1)),
};

export const peakNormalize: OpImpl<AudioData> = {
  spec: specOf('peak_normalize'),
  draw: (rng, params) => ({ target_dbfs: drawRange(rng, params.target_dbfs) }),
  apply(sample, drawn) {
    const p = peak(sample.channels);
    const g = p > 0 ? dbToGain(drawnNumber(drawn, 'target_dbfs')) / p : 1;
    return mapChannels(sample, (ch) => scaled(ch, g));
  },
};

/** The magnitude below which `1 - percent/100` of the samples (all channels) lie, interpolated like numpy.percentile. */
export function clipLevel(channels: Float32Array[], percent: number): number {
  const total = channels.reduce((a, ch) => a + ch.length, 0);
  if (!total) return 0;
  const mags = new Float32Array(total);
  let o = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) mags[o++] = Math.abs(ch[i]!);
  mags.sort();
  const pos = (1 - Math.min(Math.max(percent, 0), 100) / 100) * (total - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, total - 1);
  return mags[lo]! + (pos - lo) * (mags[hi]! - mags[lo]!);
}

export const clippingDistortion: OpImpl<AudioData> = {
  spec: specOf('clipping_distortion'),
  draw(rng, params): Drawn {
    if (params.mode === 'threshold') return { mode: 'threshold', threshold_db: drawRange(rng, params.threshold_db) };
    return { mode: 'percentile', percentile: drawRange(rng, params.percentile) };
  },
  apply(sample, drawn) {
    const level = drawnString(drawn, 'mode') === 'threshold' ? dbToGain(drawnNumber(drawn, 'threshold_db')) : clipLevel(sample.channels, drawnNumber(drawn, 'percentile'));
    return mapChannels(sample, (ch) => {
      const out = new Float32Array(ch.length);
      for (let i = 0; i < ch.length; i++) out[i] = Math.min(level, Math.max(-level, ch[i]!));
      return out;
    });
  },
};

function filterOp(name: string, kind: FilterKind): OpImpl<AudioData> {
  return {
    spec: specOf(name),
    draw: (rng, params) => ({ cutoff_hz: drawRange(rng, params.cutoff_hz), order: params.order === '4' ? 4 : 2 }),
    apply(sample, drawn) {
      const sections = butterworth(kind, drawnNumber(drawn, 'order'), drawnNumber(drawn, 'cutoff_hz'), sample.sampleRate);
      return mapChannels(sample, (ch) => filterCascade(ch, sections));
    },
  };
}

export const lowPass = filterOp('low_pass', 'lowpass');
export const highPass = filterOp('high_pass', 'highpass');

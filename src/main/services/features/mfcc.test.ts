import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MfccOptions } from '../../../shared/features/spec.ts';
import { sine } from '../augment/audio/test-signals.ts';
import { decodeWav } from '../datasets/media/wav.ts';
import { logMelSpectrogram, melEdges, mfccFrames, mfccInto, mfccPlan } from './mfcc.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/features');

interface ReferenceCase {
  name: string;
  sampleRate: number;
  params: Record<string, number | null>;
  frames: number;
  logMel: number[][];
  mfcc: number[][];
}

function maxAbsDiff(ours: ArrayLike<number>, ref: number[][]): number {
  const flat = ref.flat();
  expect(ours.length).toBe(flat.length);
  let worst = 0;
  for (let i = 0; i < flat.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - flat[i]!));
  return worst;
}

describe('MFCC against the numpy reference (test/fixtures/features)', () => {
  const ref = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'mfcc-reference.json'), 'utf8')) as { cases: ReferenceCase[] };
  // The 16-bit WAV written by the reference script, through Trainyard's own decoder.
  const audio = decodeWav(fs.readFileSync(path.join(FIXTURES, 'mfcc-input.wav')));

  for (const c of ref.cases) {
    it(`matches for ${c.name}`, () => {
      expect(audio.sampleRate).toBe(c.sampleRate);
      const plan = mfccPlan(c.sampleRate, MfccOptions.parse(c.params));
      const x = audio.channels[0]!;
      expect(mfccFrames(plan, x.length)).toBe(c.frames);
      const logMel = logMelSpectrogram(plan, x);
      // Both sides compute in float64; the reference is stored to 10 significant digits.
      expect(maxAbsDiff(logMel.data, c.logMel)).toBeLessThan(1e-6);
      const out = new Float64Array(c.frames * plan.coefficients);
      mfccInto(plan, x, out);
      expect(maxAbsDiff(out, c.mfcc)).toBeLessThan(1e-6);
    });
  }
});

describe('MFCC stages', () => {
  const options = MfccOptions.parse({});

  it('uses 25 ms frames, 10 ms hop and a 512-point FFT at 16 kHz: 98 frames of 13 for 1 s', () => {
    const plan = mfccPlan(16000, options);
    expect([plan.frameLength, plan.hop, plan.nfft, plan.bands, plan.coefficients]).toEqual([400, 160, 512, 40, 13]);
    expect(mfccFrames(plan, 16000)).toBe(98);
    expect(mfccFrames(plan, 399)).toBe(0);
    // Every band has some weight at this resolution (none falls between two FFT bins).
    expect(plan.weights.every((w) => w.length > 0)).toBe(true);
  });

  it.each([300, 1000, 2500, 6000])('a pure %i Hz sine puts the most log-mel energy in the band around it', (freq) => {
    const plan = mfccPlan(16000, { ...options, preEmphasis: 0 });
    const { data, frames } = logMelSpectrogram(plan, sine(freq, 0.5));
    const edges = melEdges(plan.bands, 0, 8000);
    // Band m peaks at edges[m + 1] and spans edges[m] … edges[m + 2].
    let nearest = 0;
    for (let m = 0; m < plan.bands; m++) if (Math.abs(edges[m + 1]! - freq) < Math.abs(edges[nearest + 1]! - freq)) nearest = m;
    for (let f = 0; f < frames; f++) {
      const row = data.subarray(f * plan.bands, (f + 1) * plan.bands);
      const top = row.indexOf(Math.max(...row));
      expect(edges[top]!).toBeLessThan(freq);
      expect(edges[top + 2]!).toBeGreaterThan(freq);
      expect(Math.abs(top - nearest)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the floor for silence, and c0 = √40 · ln(floor) with the orthonormal DCT', () => {
    const plan = mfccPlan(16000, options);
    const out = new Float64Array(98 * 13);
    mfccInto(plan, new Float32Array(16000), out);
    expect(out[0]).toBeCloseTo(Math.sqrt(40) * Math.log(1e-10), 9);
    expect(Math.abs(out[1]!)).toBeLessThan(1e-9);
  });

  it('refuses impossible parameters', () => {
    expect(() => mfccPlan(16000, { ...options, fMax: 9000 })).toThrow(/above half the sample rate/);
    expect(() => mfccPlan(16000, { ...options, coefficients: 41 })).toThrow(/mel bands/);
  });
});

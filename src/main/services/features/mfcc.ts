/**
 * MFCC with the parameters documented on MfccOptions (src/shared/features/spec.ts):
 * pre-emphasis → frames (no centring) × periodic Hann → |rfft|² at the next
 * power of two → HTK-mel triangular filters → natural log with a floor →
 * orthonormal DCT-II → the first coefficients.
 *
 * bench/peers/mfcc_numpy.py is the same computation in numpy/scipy; the
 * test fixture test/fixtures/features/mfcc-reference.json was made with it.
 *
 * A plan (window, filter bank, DCT matrix) is built once per sample rate and
 * options and shared: computing one is ~100× the cost of a 1 s clip.
 */
import type { MfccOptions } from '../../../shared/features/spec.ts';
import { nextPow2, realFft } from '../augment/audio/dsp/fft.ts';
import { hann } from '../augment/audio/dsp/window.ts';

export interface MfccPlan {
  sampleRate: number;
  frameLength: number;
  hop: number;
  nfft: number;
  bands: number;
  coefficients: number;
  preEmphasis: number;
  logFloor: number;
  window: Float64Array;
  /** Filter m covers bins first[m] … first[m] + weights[m].length − 1. */
  first: Int32Array;
  weights: Float64Array[];
  /** Row-major [coefficients, bands]. */
  dct: Float64Array;
}

export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/** Band edges in Hz: bands + 2 points evenly spaced in mel (computed as numpy.linspace does). */
export function melEdges(bands: number, fMin: number, fMax: number): Float64Array {
  const lo = hzToMel(fMin);
  const hi = hzToMel(fMax);
  const step = (hi - lo) / (bands + 1);
  const edges = new Float64Array(bands + 2);
  for (let i = 0; i < bands + 2; i++) edges[i] = melToHz(i === bands + 1 ? hi : i * step + lo);
  return edges;
}

const plans = new Map<string, MfccPlan>();

export function mfccPlan(sampleRate: number, o: MfccOptions): MfccPlan {
  const key = `${sampleRate}|${JSON.stringify(o)}`;
  let plan = plans.get(key);
  if (!plan) plans.set(key, (plan = buildPlan(sampleRate, o)));
  return plan;
}

function buildPlan(sampleRate: number, o: MfccOptions): MfccPlan {
  const frameLength = Math.round((sampleRate * o.frameMs) / 1000);
  const hop = Math.max(1, Math.round((sampleRate * o.hopMs) / 1000));
  const nfft = nextPow2(frameLength);
  const fMax = o.fMax ?? sampleRate / 2;
  if (fMax > sampleRate / 2 + 1e-9) throw new RangeError(`mfcc fMax ${fMax} Hz is above half the sample rate (${sampleRate / 2} Hz)`);
  if (!(o.fMin < fMax)) throw new RangeError(`mfcc fMin ${o.fMin} Hz must be below fMax ${fMax} Hz`);
  if (o.coefficients > o.melBands) throw new RangeError(`mfcc: ${o.coefficients} coefficients need at least as many mel bands (got ${o.melBands})`);
  const bins = nfft / 2 + 1;
  const edges = melEdges(o.melBands, o.fMin, fMax);
  const first = new Int32Array(o.melBands);
  const weights: Float64Array[] = [];
  for (let m = 0; m < o.melBands; m++) {
    const lo = edges[m]!, mid = edges[m + 1]!, hi = edges[m + 2]!;
    const w = new Float64Array(bins);
    let a = -1, b = -1;
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / nfft;
      const v = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      w[k] = v;
      if (v > 0) {
        if (a < 0) a = k;
        b = k;
      }
    }
    // An empty filter (bands narrower than a bin) keeps a zero weight; its log-mel is the floor.
    first[m] = Math.max(0, a);
    weights.push(a < 0 ? new Float64Array(0) : w.slice(a, b + 1));
  }
  const dct = new Float64Array(o.coefficients * o.melBands);
  const M = o.melBands;
  for (let k = 0; k < o.coefficients; k++) {
    const scale = k === 0 ? Math.sqrt(1 / M) : Math.sqrt(2 / M);
    for (let m = 0; m < M; m++) dct[k * M + m] = scale * Math.cos((Math.PI * k * (2 * m + 1)) / (2 * M));
  }
  return {
    sampleRate, frameLength, hop, nfft, bands: M, coefficients: o.coefficients, preEmphasis: o.preEmphasis, logFloor: o.logFloor,
    window: hann(frameLength), first, weights, dct,
  };
}

/** Frames a clip of `samples` gives: 1 + ⌊(samples − frame) / hop⌋, and 0 if shorter than one frame. */
export function mfccFrames(plan: MfccPlan, samples: number): number {
  return samples < plan.frameLength ? 0 : 1 + Math.floor((samples - plan.frameLength) / plan.hop);
}

interface Scratch {
  frame: Float64Array;
  re: Float64Array;
  im: Float64Array;
  power: Float64Array;
  mel: Float64Array;
}

/** Scratch per FFT size and band count; a call runs to its end, so sharing them is safe. */
const scratchByShape = new Map<string, Scratch>();

function scratchFor(plan: MfccPlan): Scratch {
  const key = `${plan.nfft}|${plan.bands}`;
  let s = scratchByShape.get(key);
  if (!s) {
    const bins = plan.nfft / 2 + 1;
    s = { frame: new Float64Array(plan.nfft), re: new Float64Array(bins), im: new Float64Array(bins), power: new Float64Array(bins), mel: new Float64Array(plan.bands) };
    scratchByShape.set(key, s);
  }
  return s;
}

/**
 * Calls `each(f, mel)` with the log-mel energies of every frame of x, in
 * order; `mel` is reused between calls.
 */
function forEachLogMel(plan: MfccPlan, x: ArrayLike<number>, each: (f: number, mel: Float64Array) => void): number {
  const { frameLength, window, nfft, hop, bands, first, weights, preEmphasis: a, logFloor } = plan;
  const frames = mfccFrames(plan, x.length);
  const { frame, re, im, power, mel } = scratchFor(plan);
  const fft = realFft(nfft);
  const bins = nfft / 2 + 1;
  for (let f = 0; f < frames; f++) {
    const start = f * hop;
    // Pre-emphasis on the fly: x[-1] counts as 0, so the clip's first sample passes unchanged.
    let prev = start > 0 ? x[start - 1]! : 0;
    for (let t = 0; t < frameLength; t++) {
      const v = x[start + t]!;
      frame[t] = (v - a * prev) * window[t]!;
      prev = v;
    }
    frame.fill(0, frameLength, nfft);
    fft.forward(frame, re, im);
    // Each bin feeds two overlapping filters: square it once.
    for (let k = 0; k < bins; k++) power[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    for (let m = 0; m < bands; m++) {
      const w = weights[m]!;
      const k0 = first[m]!;
      let e = 0;
      for (let j = 0; j < w.length; j++) e += w[j]! * power[k0 + j]!;
      mel[m] = Math.log(e > logFloor ? e : logFloor);
    }
    each(f, mel);
  }
  return frames;
}

/** Log-mel energies of a whole clip, row-major [frames, bands] (the stage before the DCT; tests read it). */
export function logMelSpectrogram(plan: MfccPlan, x: ArrayLike<number>): { data: Float64Array; frames: number } {
  const data = new Float64Array(mfccFrames(plan, x.length) * plan.bands);
  const frames = forEachLogMel(plan, x, (f, mel) => data.set(mel, f * plan.bands));
  return { data, frames };
}

/**
 * MFCCs of a clip, written row-major [frames, coefficients] into `out` at
 * `offset`; returns the frame count. `out` must have room for
 * mfccFrames(plan, x.length) × coefficients values.
 */
export function mfccInto(plan: MfccPlan, x: ArrayLike<number>, out: Float32Array | Float64Array, offset = 0): number {
  const { bands: M, coefficients: C, dct } = plan;
  return forEachLogMel(plan, x, (f, mel) => {
    const o = offset + f * C;
    for (let k = 0; k < C; k++) {
      let acc = 0;
      const row = k * M;
      for (let m = 0; m < M; m++) acc += dct[row + m]! * mel[m]!;
      out[o + k] = acc;
    }
  });
}

/**
 * Real-input FFT of a power-of-two size n, computed as one complex FFT of
 * size n/2 (fft.js, radix-4) on the even/odd samples packed as re/im, then
 * split into the n/2 + 1 bins of the real spectrum. The inverse runs the same
 * steps backwards, so both directions cost half a complex FFT of size n.
 *
 * An instance owns scratch buffers that only live within one call, so one
 * instance per size is shared (realFft(size)); JS runs a call to the end.
 */
import FFT from 'fft.js';

export class RealFft {
  readonly size: number;
  /** Bins of the half spectrum: size / 2 + 1. */
  readonly bins: number;
  private readonly half: number;
  private readonly fft: FFT;
  private readonly packed: Float64Array;
  private readonly spectrum: Float64Array;
  /** cos / sin of 2πk/n for k = 0 … n/2. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    this.size = size;
    this.half = size >> 1;
    this.bins = this.half + 1;
    this.fft = new FFT(this.half);
    this.packed = new Float64Array(size);
    this.spectrum = new Float64Array(size);
    this.cos = new Float64Array(this.bins);
    this.sin = new Float64Array(this.bins);
    for (let k = 0; k < this.bins; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** x (length size, real) → re, im (length bins), unnormalised: X[k] = Σ x[t] e^{-2πikt/n}. */
  forward(x: Float64Array, re: Float64Array, im: Float64Array): void {
    const { half, spectrum: z, cos, sin } = this;
    if (x.length !== this.size) throw new RangeError(`expected ${this.size} samples, got ${x.length}`);
    // Read as interleaved complex, x is already the even/odd packing.
    this.fft.transform(z, x);
    // X[k] = E[k] + W^k O[k], with E, O the spectra of the even and odd samples.
    for (let k = 0; k <= half; k++) {
      const k1 = k === half ? 0 : k;
      const k2 = k === 0 ? 0 : half - k;
      const a = z[2 * k1]!, b = z[2 * k1 + 1]!;
      const c = z[2 * k2]!, d = z[2 * k2 + 1]!;
      const er = (a + c) * 0.5, ei = (b - d) * 0.5;
      const or = (b + d) * 0.5, oi = (c - a) * 0.5;
      const wr = cos[k]!, wi = -sin[k]!;
      re[k] = er + wr * or - wi * oi;
      im[k] = ei + wr * oi + wi * or;
    }
  }

  /** re, im (length bins) → x (length size), scaled so that inverse(forward(x)) = x. */
  inverse(re: Float64Array, im: Float64Array, x: Float64Array): void {
    const { half, packed: z, spectrum: out, cos, sin } = this;
    // E[k] = (X[k] + conj X[n/2-k]) / 2, W^k O[k] = (X[k] - conj X[n/2-k]) / 2, Z = E + iO.
    // The imaginary parts of the DC and Nyquist bins are ignored, as a real signal has none (numpy's irfft does the same).
    // The inverse runs as a forward transform with re and im swapped on the way in and out,
    // (IDFT(Z) = swap(DFT(swap(Z))) / M), with the 1/M folded into the packing.
    const scale = 0.5 / half;
    for (let k = 0; k < half; k++) {
      const a = re[k]!, b = k === 0 ? 0 : im[k]!;
      const c = re[half - k]!, d = k === 0 ? 0 : -im[half - k]!;
      const er = a + c, ei = b + d;
      const tr = a - c, ti = b - d;
      const wr = cos[k]!, wi = sin[k]!; // W^-k
      const or = tr * wr - ti * wi, oi = tr * wi + ti * wr;
      z[2 * k] = (ei + or) * scale;
      z[2 * k + 1] = (er - oi) * scale;
    }
    this.fft.transform(out, z);
    for (let i = 0; i < this.size; i += 2) {
      x[i] = out[i + 1]!;
      x[i + 1] = out[i]!;
    }
  }
}

/** One transform per size, shared: a RealFft keeps only scratch state between the lines of one call. */
const shared = new Map<number, RealFft>();

export function realFft(size: number): RealFft {
  let fft = shared.get(size);
  if (!fft) shared.set(size, (fft = new RealFft(size)));
  return fft;
}

/** The smallest power of two ≥ n (and ≥ 4). */
export function nextPow2(n: number): number {
  let p = 4;
  while (p < n) p *= 2;
  return p;
}

import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../../shared/rng.ts';
import { bandDb, dominantFrequency, sine, SR } from '../test-signals.ts';
import { butterworth, filterCascade } from './biquad.ts';
import { NormalSource } from './gaussian.ts';
import { RealFft } from './fft.ts';
import { resample } from './resample.ts';
import { istft, stft, transformFrames } from './stft.ts';
import { stftSize } from './window.ts';

function noise(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-0.5, 0.5));
}

describe('RealFft', () => {
  it('matches a direct DFT and inverts exactly', () => {
    for (const n of [4, 8, 64, 512]) {
      const x = Float64Array.from(noise(n, n));
      const fft = new RealFft(n);
      const re = new Float64Array(fft.bins), im = new Float64Array(fft.bins);
      fft.forward(x, re, im);
      for (let k = 0; k < fft.bins; k++) {
        let r = 0, i = 0;
        for (let t = 0; t < n; t++) {
          r += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
          i -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
        }
        expect(re[k]).toBeCloseTo(r, 9);
        expect(im[k]).toBeCloseTo(i, 9);
      }
      const back = new Float64Array(n);
      fft.inverse(re, im, back);
      back.forEach((v, t) => expect(v).toBeCloseTo(x[t]!, 12));
    }
  });

  it('ignores the imaginary parts of the DC and Nyquist bins on the way back, like numpy.fft.irfft', () => {
    const fft = new RealFft(8);
    const re = Float64Array.of(1, 0, 0, 0, 1), im = Float64Array.of(5, 0, 0, 0, -3);
    const x = new Float64Array(8);
    fft.inverse(re, im, x);
    // irfft([1, 0, 0, 0, 1]) = [0.25, 0, 0.25, 0, 0.25, 0, 0.25, 0]
    x.forEach((v, t) => expect(v).toBeCloseTo(t % 2 ? 0 : 0.25, 12));
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFft(12)).toThrow(/power of two/);
  });
});

describe('NormalSource', () => {
  it('continues the shared generator\'s own sequence', () => {
    const rng = createRng(123);
    const source = new NormalSource(createRng(123));
    for (let i = 0; i < 1000; i++) expect(source.nextInt32() >>> 0).toBe(rng.next() * 4294967296);
  });

  it('draws standard normal samples: moments, tails, no lag correlation', () => {
    const x = new Float32Array(1 << 20);
    new NormalSource(createRng(42)).fill(x);
    let m1 = 0, m2 = 0, m4 = 0, lag = 0, beyond2 = 0, beyond3 = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
      if (i) lag += v * x[i - 1]!;
      if (Math.abs(v) > 2) beyond2++;
      if (Math.abs(v) > 3) beyond3++;
    }
    const n = x.length;
    expect(Math.abs(m1 / n)).toBeLessThan(0.005);
    expect(Math.abs(m2 / n - 1)).toBeLessThan(0.01);
    expect(Math.abs(m4 / n - 3)).toBeLessThan(0.05); // kurtosis of a normal
    expect(Math.abs(lag / n)).toBeLessThan(0.005);
    expect(beyond2 / n).toBeCloseTo(0.0455, 3);
    expect(beyond3 / n).toBeCloseTo(0.0027, 3);
    const again = new NormalSource(createRng(42));
    const head = new Float32Array(600), tail = new Float32Array(400);
    again.fill(head);
    again.fill(tail);
    expect([...head, ...tail]).toEqual([...x.subarray(0, 1000)]);
  });
});

describe('stft / istft', () => {
  it('round-trips noise and a sine within 1e-4 at every sample', () => {
    for (const sr of [8000, 16000, 44100]) {
      const { nfft, hop } = stftSize(sr);
      for (const x of [noise(sr + 77, 3), sine(440, 1.1, sr)]) {
        for (const y of [istft(stft(x, nfft, hop), nfft, hop, x.length), transformFrames(x, nfft, hop, () => {})]) {
          let worst = 0;
          for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(y[i]! - x[i]!));
          expect(worst).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('picks ~32 ms frames with a quarter hop', () => {
    expect(stftSize(16000)).toEqual({ nfft: 512, hop: 128 });
    expect(stftSize(8000)).toEqual({ nfft: 256, hop: 64 });
    expect(stftSize(48000)).toEqual({ nfft: 2048, hop: 512 });
  });
});

describe('resample', () => {
  it('reads a sine at a new rate without changing its level', () => {
    const x = sine(440, 1);
    for (const step of [2, 1.5, 2 ** (7 / 12), 0.75, 0.5]) {
      const y = resample(x, step, Math.round(x.length / step));
      expect(dominantFrequency(y) / (440 * step)).toBeCloseTo(1, 3);
      let peak = 0;
      for (let i = 200; i < y.length - 200; i++) peak = Math.max(peak, Math.abs(y[i]!));
      expect(peak).toBeGreaterThan(0.5 * 0.99);
      expect(peak).toBeLessThan(0.5 * 1.01);
    }
  });

  it('filters out what would alias when reading faster', () => {
    // 6 kHz read at step 2 would fold to 4 kHz at the new Nyquist; it must be gone (> 40 dB down).
    const x = sine(6000, 1);
    const y = resample(x, 2, x.length / 2);
    const ref = resample(sine(1000, 1), 2, x.length / 2);
    expect(bandDb(ref, 2000, 100) - bandDb(y, 4000, 4000)).toBeGreaterThan(40);
  });

  it('is the identity at step 1', () => {
    const x = noise(1000, 5);
    expect(resample(x, 1, 1000)).toEqual(x);
  });
});

describe('Butterworth biquads', () => {
  it('is 3 dB down at the cutoff for orders 2 and 4', () => {
    for (const order of [2, 4]) {
      const x = sine(1000, 1);
      const y = filterCascade(x, butterworth('lowpass', order, 1000, SR));
      let a = 0, b = 0;
      for (let i = 4000; i < x.length; i++) {
        a += x[i]! * x[i]!;
        b += y[i]! * y[i]!;
      }
      expect(10 * Math.log10(b / a)).toBeCloseTo(-3.01, 1);
    }
  });
});

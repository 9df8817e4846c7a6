/**
 * What each audio operation promises, measured on real signals: sines for
 * frequencies and levels, a spoken sentence (espeak-ng + sox) where the
 * promise is about real audio.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/rng.ts';
import type { AudioData, Drawn, OpImpl } from '../op.ts';
import { audioOps } from './ops.ts';
import {
  bandDb, ctxWith, dominantFrequency, energyOf, measuredSnr, mono, sine, speechClip, speechToolsMissing, SR, stereo, tones,
} from './test-signals.ts';

const op = (name: string): OpImpl<AudioData> => audioOps.find((o) => o.spec.name === name)!;
const run = async (name: string, sample: AudioData, drawn: Drawn, clips: AudioData[] = []): Promise<AudioData> => op(name).apply(sample, drawn, ctxWith(clips));
const ch0 = (a: AudioData): Float32Array => a.channels[0]!;
const speechMissing = speechToolsMissing();
if (speechMissing) console.warn(`speech-clip tests skipped: ${speechMissing}`);

/** RMS over [from, to). */
function rmsOf(x: Float32Array, from = 0, to = x.length): number {
  return Math.sqrt(energyOf(x, from, to) / (to - from));
}

describe('gaussian_noise_snr', () => {
  it('adds noise at 10 dB SNR (± 0.5 dB) to a sine, through draw and apply', async () => {
    const clean = mono(sine(440, 1));
    const drawn = op('gaussian_noise_snr').draw(createRng(1), { snr_db: [10, 10] }, clean);
    const noisy = await run('gaussian_noise_snr', clean, drawn);
    expect(Math.abs(measuredSnr(clean.channels, noisy.channels) - 10)).toBeLessThan(0.5);
  });

  it.skipIf(speechMissing !== null)('adds noise at 10 dB SNR (± 0.5 dB) to a spoken sentence', async () => {
    const clean = speechClip('The quick brown fox jumps over the lazy dog.');
    const noisy = await run('gaussian_noise_snr', clean, { snr_db: 10, seed: 99 });
    expect(Math.abs(measuredSnr(clean.channels, noisy.channels) - 10)).toBeLessThan(0.5);
  });

  it('is white: a 0 dB noise has equal energy in low and high bands', async () => {
    const silent = new Float32Array(SR).fill(0);
    silent[0] = 1; // a click as the reference level, or the noise would be scaled to nothing
    const noisy = await run('gaussian_noise_snr', mono(silent), { snr_db: 0, seed: 3 });
    expect(Math.abs(bandDb(ch0(noisy), 1000, 500) - bandDb(ch0(noisy), 6000, 500))).toBeLessThan(1.5);
  });
});

describe('background_noise', () => {
  // A "room" at another sample rate: hum plus a few tones, looped and resampled by the operation.
  const room: AudioData = { sampleRate: 22050, channels: [tones([120, 950, 3100], 0.7, 22050)] };

  it('mixes a clip at the drawn SNR (± 0.5 dB), resampling and looping it', async () => {
    const clean = mono(sine(440, 2));
    for (const snr of [0, 5, 20]) {
      const drawn = op('background_noise').draw(createRng(snr), { snr_db: [snr, snr] }, clean);
      const noisy = await run('background_noise', clean, drawn, [room]);
      expect(Math.abs(measuredSnr(clean.channels, noisy.channels) - snr)).toBeLessThan(0.5);
      expect(bandDb(ch0(noisy), 950, 30)).toBeGreaterThan(bandDb(ch0(clean), 950, 30) + 20);
    }
  });

  it('puts a mono clip under every channel of a stereo sample', async () => {
    const clean = stereo(sine(440, 1));
    const noisy = await run('background_noise', clean, { snr_db: 6, clip: 7, offset: 0.25 }, [room]);
    expect(Math.abs(measuredSnr(clean.channels, noisy.channels) - 6)).toBeLessThan(0.5);
    const d0 = ch0(noisy).map((v, i) => v - ch0(clean)[i]!);
    const d1 = noisy.channels[1]!.map((v, i) => v - clean.channels[1]![i]!);
    d0.forEach((v, i) => expect(d1[i]).toBeCloseTo(v, 6));
  });

  it('takes each channel of a stereo background clip to the matching channel', async () => {
    const twoRooms: AudioData = { sampleRate: SR, channels: [sine(700, 0.5), sine(2300, 0.5)] };
    const clean = stereo(sine(440, 1));
    const noisy = await run('background_noise', clean, { snr_db: 0, clip: 0, offset: 0 }, [twoRooms]);
    const [left, right] = noisy.channels as [Float32Array, Float32Array];
    expect(bandDb(left, 700, 30) - bandDb(left, 2300, 30)).toBeGreaterThan(40);
    expect(bandDb(right, 2300, 30) - bandDb(right, 700, 30)).toBeGreaterThan(40);
  });

  it('refuses to run without background clips', async () => {
    await expect(run('background_noise', mono(sine(440, 0.1)), { snr_db: 6, clip: 0, offset: 0 })).rejects.toThrow(/background clips/);
  });
});

describe('time_shift', () => {
  const click = (n: number, at: number): Float32Array => {
    const x = new Float32Array(n);
    x[at] = 1;
    return x;
  };
  const where = (x: Float32Array): number[] => [...x.keys()].filter((i) => x[i] !== 0);

  it('moves a click by exactly k samples; roll wraps, pad zero-fills', async () => {
    const x = mono(click(1000, 100));
    const drawn = op('time_shift').draw(createRng(1), { fraction: [0.25, 0.25], mode: 'roll' }, x);
    expect(drawn.samples).toBe(250);
    expect(where(ch0(await run('time_shift', x, drawn)))).toEqual([350]);
    expect(where(ch0(await run('time_shift', x, { samples: -150, mode: 'roll' })))).toEqual([950]);
    expect(where(ch0(await run('time_shift', x, { samples: -150, mode: 'pad' })))).toEqual([]);
    expect(where(ch0(await run('time_shift', x, { samples: -60, mode: 'pad' })))).toEqual([40]);
    const padded = ch0(await run('time_shift', mono(new Float32Array(1000).fill(1)), { samples: 250, mode: 'pad' }));
    expect(energyOf(padded, 0, 250)).toBe(0);
    expect(energyOf(padded, 250, 1000)).toBe(750);
  });
});

describe('gain, polarity, peak normalisation, clipping', () => {
  it('gain +6 dB doubles the amplitude (± 1%)', async () => {
    const x = sine(440, 0.5);
    const y = ch0(await run('gain', mono(x), { gain_db: 6 }));
    expect(Math.abs(rmsOf(y) / rmsOf(x) - 2)).toBeLessThan(0.02);
  });

  it('polarity inversion negates every sample exactly', async () => {
    const x = tones([300, 1234], 0.3);
    const y = ch0(await run('polarity_inversion', mono(x), {}));
    x.forEach((v, i) => expect(y[i]).toBe(-v));
  });

  it('peak normalisation hits the target dBFS within 0.01 dB, from quiet and loud clips', async () => {
    for (const [amp, target] of [[0.01, -1], [0.9, -12], [3, -0.1]] as const) {
      const y = await run('peak_normalize', stereo(sine(440, 0.5, SR, amp)), { target_dbfs: target });
      const peak = Math.max(...y.channels.map((c) => Math.max(...c.map(Math.abs))));
      expect(Math.abs(20 * Math.log10(peak) - target)).toBeLessThan(0.01);
    }
  });

  it('clips a share of the samples, or at a fixed level', async () => {
    const x = sine(440, 1);
    const byShare = ch0(await run('clipping_distortion', mono(x), { mode: 'percentile', percentile: 20 }));
    const level = Math.max(...byShare);
    const atLevel = byShare.filter((v) => Math.abs(v) >= level * (1 - 1e-6)).length / x.length;
    expect(atLevel).toBeGreaterThan(0.18);
    expect(atLevel).toBeLessThan(0.22);
    const byLevel = ch0(await run('clipping_distortion', mono(x), { mode: 'threshold', threshold_db: -12 }));
    expect(Math.max(...byLevel)).toBeCloseTo(0.2512, 3);
    expect(Math.min(...byLevel)).toBeCloseTo(-0.2512, 3);
  });
});

describe('low_pass / high_pass', () => {
  /** Output/input level in dB after the filter settles. */
  async function response(name: string, freq: number, cutoff: number, order: number): Promise<number> {
    const x = sine(freq, 1);
    const y = ch0(await run(name, mono(x), { cutoff_hz: cutoff, order }));
    return 20 * Math.log10(rmsOf(y, 4000) / rmsOf(x, 4000));
  }

  it('low-pass at 1 kHz: a 4 kHz tone drops > 20 dB, 200 Hz passes within 1 dB', async () => {
    for (const order of [2, 4]) {
      expect(await response('low_pass', 4000, 1000, order)).toBeLessThan(-20);
      expect(Math.abs(await response('low_pass', 200, 1000, order))).toBeLessThan(1);
    }
  });

  it('high-pass at 1 kHz: a 200 Hz tone drops > 20 dB, 4 kHz passes within 1 dB', async () => {
    for (const order of [2, 4]) {
      expect(await response('high_pass', 200, 1000, order)).toBeLessThan(-20);
      expect(Math.abs(await response('high_pass', 4000, 1000, order))).toBeLessThan(1);
    }
  });
});

describe('speed, time_stretch, pitch_shift', () => {
  const x = sine(440, 1);

  it('speed 2× halves the length and doubles the frequency', async () => {
    const y = ch0(await run('speed', mono(x), { factor: 2 }));
    expect(y.length).toBe(x.length / 2);
    expect(Math.abs(dominantFrequency(y) / 880 - 1)).toBeLessThan(0.02);
  });

  it('time stretch keeps the pitch (± 2%) and scales the length by 1 / rate (± 1%)', async () => {
    for (const rate of [0.5, 0.8, 1.25, 2]) {
      const y = ch0(await run('time_stretch', mono(x), { rate }));
      expect(Math.abs(y.length / (x.length / rate) - 1)).toBeLessThan(0.01);
      expect(Math.abs(dominantFrequency(y) / 440 - 1)).toBeLessThan(0.02);
      // and the level survives (no phasing dips in a steady tone)
      expect(Math.abs(rmsOf(y, 1000, y.length - 1000) / rmsOf(x) - 1)).toBeLessThan(0.05);
    }
  });

  it('time stretch keeps the phase relations of a voice-like pulse train (phase locking: crest factor within 10%)', async () => {
    // Harmonics of 123 Hz up to 4 kHz, all in cosine phase: a peaky glottal-like train. A phase vocoder
    // without phase locking lets the harmonics drift apart and the peaks flatten (crest 5.3 instead of 8 at rate 1.25).
    const pulses = new Float32Array(SR);
    for (let h = 1; h * 123 < 4000; h++) for (let i = 0; i < SR; i++) pulses[i]! += 0.02 * Math.cos((2 * Math.PI * 123 * h * i) / SR);
    const crest = (y: Float32Array): number => Math.max(...y.subarray(2000, y.length - 2000).map(Math.abs)) / rmsOf(y, 2000, y.length - 2000);
    for (const rate of [0.5, 0.8, 1.25, 2]) {
      const y = ch0(await run('time_stretch', mono(pulses), { rate }));
      expect(Math.abs(crest(y) / crest(pulses) - 1)).toBeLessThan(0.1);
    }
  });

  it('pitch shift ±12 semitones doubles / halves the frequency (± 2%) and keeps the length', async () => {
    for (const [semitones, expected] of [[12, 880], [-12, 220], [3, 440 * 2 ** 0.25]] as const) {
      const y = ch0(await run('pitch_shift', mono(x), { semitones }));
      expect(y.length).toBe(x.length);
      expect(Math.abs(dominantFrequency(y) / expected - 1)).toBeLessThan(0.02);
    }
  });

  it.skipIf(speechMissing !== null)('pitch shift moves the harmonics of speech by the factor and keeps its length', async () => {
    const speech = speechClip('Hello there, how are you today?');
    const y = await run('pitch_shift', speech, { semitones: 12 });
    expect(ch0(y).length).toBe(ch0(speech).length);
    const f0 = dominantFrequency(ch0(speech));
    expect(Math.abs(dominantFrequency(ch0(y)) / (2 * f0) - 1)).toBeLessThan(0.05);
  });
});

describe('time_mask / freq_mask', () => {
  it('time mask silences the masked frames and leaves the rest', async () => {
    const x = tones([300, 1100, 2500], 1.5);
    const y = ch0(await run('time_mask', mono(x), { starts: [40], widths: [30], nfft: 512, hop: 128 }));
    // Frames 40…69 are centred on 5120…8832; samples every frame of which is masked lie within.
    expect(energyOf(y, 5120 + 256, 8832 - 256)).toBeLessThan(1e-9 * energyOf(x, 5120 + 256, 8832 - 256));
    let worst = 0;
    for (let i = 0; i < x.length; i++) if (i < 5120 - 256 || i > 8832 + 256) worst = Math.max(worst, Math.abs(y[i]! - x[i]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it('frequency mask removes the band (> 20 dB) and keeps other bands within 1 dB', async () => {
    const x = tones([500, 1500, 3000], 1);
    // 31.25 Hz bins at 16 kHz / 512: 1500 Hz is bin 48; mask bins 40…56.
    const y = ch0(await run('freq_mask', mono(x), { starts: [40], widths: [17], nfft: 512, hop: 128 }));
    expect(bandDb(x, 1500, 60) - bandDb(y, 1500, 60)).toBeGreaterThan(20);
    for (const f of [500, 3000]) expect(Math.abs(bandDb(y, f, 60) - bandDb(x, f, 60))).toBeLessThan(1);
  });

  it('with no masks the STFT round trip returns the input within 1e-4', async () => {
    const x = tones([220, 3300], 1);
    for (const name of ['time_mask', 'freq_mask']) {
      const drawn = op(name).draw(createRng(4), { masks: [0, 0], max_width: 20 }, mono(x));
      expect(drawn.widths).toEqual([]);
      const y = ch0(await run(name, mono(x), drawn));
      x.forEach((v, i) => expect(Math.abs(y[i]! - v)).toBeLessThan(1e-4));
    }
  });

  it('draws widths within max_width and masks that fit', () => {
    const x = mono(sine(440, 1));
    for (let s = 0; s < 50; s++) {
      const d = op('time_mask').draw(createRng(s), { masks: [1, 3], max_width: 25 }, x);
      const starts = d.starts as number[], widths = d.widths as number[];
      expect(widths.length).toBeGreaterThanOrEqual(1);
      expect(widths.length).toBeLessThanOrEqual(3);
      widths.forEach((w, m) => {
        expect(w).toBeLessThanOrEqual(25);
        expect(starts[m]! + w).toBeLessThanOrEqual(Math.floor(SR / 128) + 1);
      });
    }
  });
});

describe('spectrogram', () => {
  it('gives log magnitudes of the mono mix, frame-major', async () => {
    const { spectrogram } = await import('./ops.ts');
    const s = spectrogram(mono(sine(1000, 1)));
    expect(s.bins).toBe(257);
    expect(s.frames).toBe(Math.floor(SR / 128) + 1);
    expect(s.data.length).toBe(s.frames * s.bins);
    const frame = s.data.subarray(60 * s.bins, 61 * s.bins);
    expect(frame.indexOf(Math.max(...frame))).toBe(32); // 1000 Hz / 31.25 Hz per bin
    // Opposite channels cancel in the mono mix, down to the floor.
    const x = sine(1000, 0.5);
    const silent = spectrogram({ sampleRate: SR, channels: [x, x.map((v) => -v)] }, { floorDb: -100 });
    expect(Math.max(...silent.data)).toBe(-100);
  });
});

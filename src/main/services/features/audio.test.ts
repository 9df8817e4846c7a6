import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioFeatures } from '../../../shared/features/spec.ts';
import { dominantFrequency, sine } from '../augment/audio/test-signals.ts';
import { encodeWav } from '../datasets/media/wav.ts';
import { fitAudio, fitLength, prepareAudio, transformAudio } from './audio.ts';

const GOOD_WAVS = path.resolve(import.meta.dirname, '../../../../test/fixtures/audio-good');
const config = (o: Partial<AudioFeatures> = {}): AudioFeatures => AudioFeatures.parse({ modality: 'audio', ...o });
const wav = (sampleRate: number, ...channels: Float32Array[]): Uint8Array => encodeWav({ sampleRate, channels }, { bitsPerSample: 16 });

function ramp(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i + 1) / (n + 1));
}

describe('audio preprocessing', () => {
  it('resampling a 44.1 kHz stereo WAV to 16 kHz keeps a tone at its frequency', () => {
    const tone = sine(1234, 1, 44100, 0.4);
    const x = prepareAudio(config(), wav(44100, tone, tone));
    expect(x.length).toBe(16000);
    expect(dominantFrequency(x, 16000)).toBeCloseTo(1234, -1);
    expect(Math.abs(dominantFrequency(x, 16000) / 1234 - 1)).toBeLessThan(0.002);
  });

  it('mixes channels to their mean', () => {
    const a = sine(440, 1, 16000, 0.5);
    const minusA = a.map((v) => -v);
    const x = prepareAudio(config(), { sampleRate: 16000, channels: [a, minusA] });
    expect(Math.max(...x.map(Math.abs))).toBe(0);
  });

  it('pads and trims to the window, centred or from the start', () => {
    const short = ramp(8000);
    const centred = fitLength(short, 16000, 'center');
    expect(centred.length).toBe(16000);
    expect(centred[3999]).toBe(0);
    expect(centred[4000]).toBe(short[0]);
    expect(centred[11999]).toBe(short[7999]);
    expect(centred[12000]).toBe(0);
    const started = fitLength(short, 16000, 'start');
    expect(started[0]).toBe(short[0]);
    expect(started[8000]).toBe(0);

    const long = ramp(24001);
    const mid = fitLength(long, 16000, 'center');
    expect(mid[0]).toBe(long[4000]);
    expect(mid[15999]).toBe(long[19999]);
    expect(fitLength(long, 16000, 'start')[15999]).toBe(long[15999]);

    // Through the whole pipeline: a 0.25 s and a 3 s clip both come out as 1 s (98 frames).
    const c = config({ windowSeconds: 1 });
    expect(prepareAudio(c, wav(16000, sine(300, 0.25))).length).toBe(16000);
    expect(prepareAudio(c, wav(16000, sine(300, 3))).length).toBe(16000);
    expect(prepareAudio(config({ windowSeconds: 0.5, sampleRate: 8000 }), wav(16000, sine(300, 3))).length).toBe(4000);
  });

  it('fits per-coefficient statistics on train, so train features come out standardised', async () => {
    const clips = [220, 330, 440, 660, 880, 1320].map((f, i) => wav(16000, sine(f, 0.6 + i * 0.1, 16000, 0.1 + i * 0.05)));
    const state = await fitAudio(config({ windowSeconds: 0.5 }), clips);
    expect(state.frames).toBe(48);
    expect(state.mean).toHaveLength(13);
    const { data, shape } = transformAudio(state, clips);
    expect(shape).toEqual([6, 48, 13]);
    for (let k = 0; k < 13; k++) {
      let s = 0, ss = 0;
      const n = 6 * 48;
      for (let j = k; j < data.length; j += 13) {
        s += data[j]!;
        ss += data[j]! * data[j]!;
      }
      expect(s / n).toBeCloseTo(0, 4);
      expect(Math.sqrt(ss / n - (s / n) ** 2)).toBeCloseTo(1, 3);
    }
  });

  it('decodes every committed WAV encoding (8–44.1 kHz, 8–32 bit, stereo) to the same shape', async () => {
    const files = fs.readdirSync(GOOD_WAVS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.wav'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const raws = files.map((f) => new Uint8Array(fs.readFileSync(path.join(GOOD_WAVS, f))));
    const state = await fitAudio(config({ normalize: false }), []);
    const { data, shape } = transformAudio(state, raws);
    expect(shape).toEqual([files.length, 98, 13]);
    expect(data.every(Number.isFinite)).toBe(true);
  });

  it('refuses a window shorter than one frame', async () => {
    await expect(fitAudio(config({ windowSeconds: 0.01 }), [])).rejects.toThrow(/shorter than one/);
  });
});

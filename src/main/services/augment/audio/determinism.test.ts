/**
 * The contract every audio operation keeps with the engine: draw is a pure
 * function of the generator, `drawn` is plain JSON, apply is a pure function
 * of (sample, drawn) down to the bit, the input is never modified, and
 * multi-channel audio gets the same parameters on every channel.
 */
import { describe, expect, it } from 'vitest';
import { audioOpSpecs } from '../../../../shared/augment/catalog-audio.ts';
import { defaultParams } from '../../../../shared/augment/spec.ts';
import { createRng } from '../../../../shared/rng.ts';
import type { AudioData } from '../op.ts';
import { audioOps } from './ops.ts';
import { ctxWith, SR, stereo, tones } from './test-signals.ts';

const background: AudioData = { sampleRate: 8000, channels: [tones([90, 700], 0.5, 8000), tones([150, 1300], 0.5, 8000)] };
const ctx = ctxWith([background, { sampleRate: SR, channels: [tones([60, 2000], 0.3)] }]);
const bytesOf = (c: Float32Array): Buffer => Buffer.from(c.buffer, c.byteOffset, c.byteLength);
/** All channels' bytes, with each channel's length in front (Buffer.equals is fast where a deep toEqual is not). */
const bytes = (a: AudioData): Buffer => Buffer.concat(a.channels.flatMap((c) => [Buffer.from(Uint32Array.of(c.length).buffer), bytesOf(c)]));

/** Stereo input: a chord on the left, the same chord at half level and flipped on the right. */
const input = (): AudioData => stereo(tones([220, 660, 1700], 0.8));

/** Operations whose channel c output depends on channel c alone (no level measured over all channels, no fresh noise). */
const PER_CHANNEL = new Set(['time_shift', 'gain', 'speed', 'time_stretch', 'pitch_shift', 'time_mask', 'freq_mask', 'low_pass', 'high_pass', 'polarity_inversion']);

describe('audio catalog', () => {
  it('has one implementation per spec, in order (names and defaults: src/shared/augment/recipe.test.ts)', () => {
    expect(audioOps.map((o) => o.spec.name)).toEqual(audioOpSpecs.map((s) => s.name));
    expect(audioOpSpecs.every((s) => s.modality === 'audio')).toBe(true);
  });
});

describe.each(audioOps.map((o) => [o.spec.name, o] as const))('%s', (name, op) => {
  const params = defaultParams(op.spec);

  it('draws the same JSON from the same seed, and something else from another', () => {
    const a = op.draw(createRng(11), params, input());
    const b = op.draw(createRng(11), params, input());
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    if (Object.keys(a).length && name !== 'peak_normalize') {
      const others = [12, 13, 14].map((s) => JSON.stringify(op.draw(createRng(s), params, input())));
      expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
    }
  });

  it('applies bit-identically, also from a replayed manifest entry, without touching its input', async () => {
    const sample = input();
    const before = Buffer.from(bytes(sample));
    const drawn = op.draw(createRng(5), params, sample);
    const first = await op.apply(sample, drawn, ctx);
    const second = await op.apply(input(), JSON.parse(JSON.stringify(drawn)), ctx);
    expect(bytes(second).equals(bytes(first))).toBe(true);
    expect(bytes(sample).equals(before)).toBe(true);
    expect(first.sampleRate).toBe(SR);
  });

  it('handles stereo with the same drawn values on both channels', async () => {
    const sample = input();
    const drawn = op.draw(createRng(21), params, sample);
    const out = await op.apply(sample, drawn, ctx);
    expect(out.channels).toHaveLength(2);
    expect(out.channels[1]!.length).toBe(out.channels[0]!.length);
    out.channels.forEach((c) => expect(c.every(Number.isFinite)).toBe(true));
    if (PER_CHANNEL.has(name)) {
      for (const c of [0, 1]) {
        const alone = await op.apply({ sampleRate: SR, channels: [sample.channels[c]!] }, drawn, ctx);
        expect(bytesOf(alone.channels[0]!).equals(bytesOf(out.channels[c]!))).toBe(true);
      }
    }
  });

  it('returns an empty clip for an empty clip', async () => {
    const empty: AudioData = { sampleRate: SR, channels: [new Float32Array(0)] };
    const out = await op.apply(empty, op.draw(createRng(1), params, empty), ctx);
    expect(out.channels[0]!.length).toBe(0);
  });
});

describe('level-dependent operations scale both channels alike', () => {
  it('peak_normalize and clipping use one level for all channels', async () => {
    const sample = input();
    const norm = await audioOps.find((o) => o.spec.name === 'peak_normalize')!.apply(sample, { target_dbfs: -3 }, ctx);
    const ratio0 = norm.channels[0]![100]! / sample.channels[0]![100]!;
    const ratio1 = norm.channels[1]![100]! / sample.channels[1]![100]!;
    expect(ratio1).toBeCloseTo(ratio0, 5);
  });
});

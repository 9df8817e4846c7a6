import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from './wav.ts';
import { waveformPeaks, waveformSvg } from './waveform.ts';

const pairs = (p: Float32Array): number[][] => Array.from({ length: p.length / 2 }, (_, i) => [p[2 * i] as number, p[2 * i + 1] as number]);
const f32 = (xs: number[]): number[] => xs.map(Math.fround);

describe('waveformPeaks', () => {
  it('gives the exact min/max of each bucket for a known signal', () => {
    // 12 frames, 4 buckets of 3: a ramp, a negative-only stretch, silence and a spike.
    const x = Float32Array.of(0, 0.25, 0.5, -0.75, -0.5, -0.25, 0, 0, 0, 0.1, 1, -1);
    const p = waveformPeaks({ sampleRate: 8000, channels: [x] }, 4);
    expect(p).toHaveLength(8);
    expect(pairs(p)).toEqual([f32([0, 0.5]), f32([-0.75, -0.25]), [0, 0], f32([-1, 1])]);
  });

  it('covers every frame exactly once when frames do not divide into buckets', () => {
    const x = new Float32Array(1001);
    x[1000] = 0.9; // last frame only
    x[0] = -0.9; // first frame only
    const p = pairs(waveformPeaks({ sampleRate: 8000, channels: [x] }, 7));
    expect(p[0]).toEqual([Math.fround(-0.9), 0]);
    expect(p[6]).toEqual([0, Math.fround(0.9)]);
    expect(p.slice(1, 6).flat().every((v) => v === 0)).toBe(true);
  });

  it('mixes channels by their extremes: a silent channel does not hide the other (either side)', () => {
    const n = 800;
    const tone = Float32Array.from({ length: n }, (_, i) => 0.6 * Math.sin((2 * Math.PI * i) / 100));
    const silent = new Float32Array(n);
    // Through a real stereo 16-bit file, as the importer sees it.
    const left = decodeWav(encodeWav({ sampleRate: 8000, channels: [silent, tone] }));
    const right = decodeWav(encodeWav({ sampleRate: 8000, channels: [tone, silent] }));
    const pl = pairs(waveformPeaks(left, 8));
    const pr = pairs(waveformPeaks(right, 8));
    expect(pl).toEqual(pr);
    for (const [lo, hi] of pl) {
      expect(lo).toBeCloseTo(-0.6, 3);
      expect(hi).toBeCloseTo(0.6, 3);
    }
  });

  it('takes the outer envelope across channels within a bucket', () => {
    const a = Float32Array.of(0.2, -0.1, 0.3, 0.4);
    const b = Float32Array.of(-0.8, 0.1, 0.9, 0);
    expect(pairs(waveformPeaks({ sampleRate: 1, channels: [a, b] }, 2))).toEqual([f32([-0.8, 0.2]), f32([0, 0.9])]);
  });

  it('spreads a clip shorter than the bucket count over all buckets', () => {
    const x = Float32Array.of(-0.5, 0.25, 1);
    const p = pairs(waveformPeaks({ sampleRate: 1, channels: [x] }, 6));
    expect(p).toEqual([[-0.5, -0.5], [-0.5, -0.5], [0.25, 0.25], [0.25, 0.25], [1, 1], [1, 1]]);
  });

  it('returns zeros for empty audio and rejects a bad bucket count', () => {
    expect(Array.from(waveformPeaks({ sampleRate: 8000, channels: [new Float32Array(0)] }, 3))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(waveformPeaks({ sampleRate: 8000, channels: [] }, 1))).toEqual([0, 0]);
    for (const bad of [0, -1, 2.5, NaN]) {
      expect(() => waveformPeaks({ sampleRate: 8000, channels: [new Float32Array(4)] }, bad)).toThrow(RangeError);
    }
  });
});

/** Tokenises the SVG and checks every tag is closed in order with no stray text: enough to catch broken markup. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const rest = svg.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g, (_m, close: string, name: string, _a, self: string) => {
    if (close) expect(stack.pop()).toBe(name);
    else if (!self) stack.push(name);
    return '';
  });
  expect(rest).toBe('');
  expect(stack).toEqual([]);
}
function pathPoints(svg: string): [number, number][] {
  const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
  expect(d).toMatch(/^M[-\d.]+ [-\d.]+(L[-\d.]+ [-\d.]+)+Z$/);
  return [...d.matchAll(/([-\d.]+) ([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('waveformSvg', () => {
  const tone = Float32Array.from({ length: 4000 }, (_, i) => 0.5 * Math.sin(i / 7));
  const peaks = waveformPeaks({ sampleRate: 8000, channels: [tone] }, 100);

  it('returns well-formed SVG of the requested size with a single path in the colour', () => {
    const svg = waveformSvg(peaks, { width: 240, height: 48, color: '#3b82f6' });
    assertWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
    expect(svg).toContain('width="240" height="48" viewBox="0 0 240 48"');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('fill="#3b82f6"');
    const pts = pathPoints(svg);
    expect(pts).toHaveLength(2 * 100 + 4); // M + maxima + two right-edge points + minima + closing left point
    expect(Math.min(...pts.map((p) => p[0]))).toBe(0);
    expect(Math.max(...pts.map((p) => p[0]))).toBe(240);
    // Amplitude 0.5 spans the middle half of the height.
    expect(Math.min(...pts.map((p) => p[1]))).toBeCloseTo(12, 0);
    expect(Math.max(...pts.map((p) => p[1]))).toBeCloseTo(36, 0);
  });

  it('draws full scale edge to edge, clamps overs, and keeps silence visible as a 1px line', () => {
    const full = pathPoints(waveformSvg(Float32Array.of(-1, 1, -3, 3), { width: 10, height: 20, color: 'red' }));
    expect(Math.min(...full.map((p) => p[1]))).toBe(0);
    expect(Math.max(...full.map((p) => p[1]))).toBe(20);
    const silent = pathPoints(waveformSvg(new Float32Array(20), { width: 50, height: 20, color: 'red' }));
    expect(new Set(silent.map((p) => p[1]))).toEqual(new Set([9.5, 10.5]));
    const none = waveformSvg(new Float32Array(0), { width: 50, height: 20, color: 'red' });
    assertWellFormed(none);
    expect(new Set(pathPoints(none).map((p) => p[1]))).toEqual(new Set([9.5, 10.5]));
  });

  it('escapes the colour so it cannot inject markup, and rejects bad sizes', () => {
    const svg = waveformSvg(peaks, { width: 10, height: 10, color: 'red"/><script>alert(1)</script><x a="' });
    assertWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(() => waveformSvg(peaks, { width: 0, height: 10, color: 'red' })).toThrow(RangeError);
    expect(() => waveformSvg(peaks, { width: 10, height: NaN, color: 'red' })).toThrow(RangeError);
    expect(() => waveformSvg(Float32Array.of(1, 2, 3), { width: 10, height: 10, color: 'red' })).toThrow(RangeError);
  });
});

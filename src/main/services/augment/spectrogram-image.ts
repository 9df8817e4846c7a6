/**
 * A spectrogram as a PNG for the before/after preview: time left to right,
 * low frequencies at the bottom, 80 dB of range below the clip's peak mapped
 * through a perceptual dark-to-bright colour ramp.
 */
import sharp from 'sharp';
import type { AudioData } from './op.ts';
import { spectrogram } from './audio/spectrogram.ts';

const RANGE_DB = 80;
const HEIGHT = 96;
const MAX_WIDTH = 300;

/** Anchor colours of the ramp (dark blue → purple → orange → pale yellow). */
const STOPS: Array<[number, number, number]> = [
  [8, 8, 32], [60, 16, 110], [150, 40, 120], [230, 90, 60], [252, 190, 60], [252, 250, 200],
];

function ramp(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export async function spectrogramPng(audio: AudioData): Promise<Buffer> {
  const spec = spectrogram(audio);
  const frames = Math.max(1, spec.frames);
  const bins = Math.max(1, spec.bins);
  const width = Math.min(MAX_WIDTH, frames);
  let peak = -Infinity;
  for (const v of spec.data) if (v > peak) peak = v;
  const floor = peak - RANGE_DB;
  const px = Buffer.alloc(width * HEIGHT * 3);
  for (let x = 0; x < width; x++) {
    const f0 = Math.floor((x * frames) / width);
    const f1 = Math.max(f0 + 1, Math.floor(((x + 1) * frames) / width));
    for (let y = 0; y < HEIGHT; y++) {
      // Row 0 is the top: the highest frequencies.
      const b0 = Math.floor(((HEIGHT - 1 - y) * bins) / HEIGHT);
      const b1 = Math.max(b0 + 1, Math.floor(((HEIGHT - y) * bins) / HEIGHT));
      let max = -Infinity;
      for (let f = f0; f < f1 && f < spec.frames; f++) {
        for (let b = b0; b < b1 && b < spec.bins; b++) {
          const v = spec.data[f * spec.bins + b]!;
          if (v > max) max = v;
        }
      }
      const t = Number.isFinite(max) && Number.isFinite(floor) ? (max - floor) / RANGE_DB : 0;
      const [r, g, bl] = ramp(t);
      const o = (y * width + x) * 3;
      px[o] = Math.round(r);
      px[o + 1] = Math.round(g);
      px[o + 2] = Math.round(bl);
    }
  }
  return sharp(px, { raw: { width, height: HEIGHT, channels: 3 } }).png().toBuffer();
}

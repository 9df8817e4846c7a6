/**
 * Waveform summaries for the gallery: per-bucket min/max peaks and a tiny SVG
 * drawn from them, cached as an audio item's thumbnail.
 */
import type { DecodedAudio } from './wav.ts';

/**
 * Min/max pairs per bucket over all channels (mixed to mono by taking the
 * extreme of all channels, so a channel that is silent never hides another),
 * for drawing a waveform: Float32Array of length 2*buckets laid out
 * [min0,max0,min1,max1,...]. When there are fewer frames than buckets, a
 * bucket that covers no whole frame takes the frame under it, so short clips
 * still draw a continuous shape; no audio at all gives zeros.
 */
export function waveformPeaks(audio: DecodedAudio, buckets: number): Float32Array {
  if (!Number.isInteger(buckets) || buckets <= 0) {
    throw new RangeError(`waveformPeaks: buckets must be a positive integer, got ${buckets}`);
  }
  const out = new Float32Array(2 * buckets);
  const chans = audio.channels;
  // The shortest channel bounds the frames, so a malformed input cannot read past an array end.
  let frames = chans.length ? Infinity : 0;
  for (const ch of chans) frames = Math.min(frames, ch.length);
  if (frames === 0) return out;

  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * frames) / buckets);
    let end = Math.floor(((b + 1) * frames) / buckets);
    if (end <= start) end = Math.min(start + 1, frames);
    const from = Math.min(start, frames - 1);
    let lo = Infinity;
    let hi = -Infinity;
    for (const ch of chans) {
      for (let i = from; i < end; i++) {
        const v = ch[i] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    out[2 * b] = lo;
    out[2 * b + 1] = hi;
  }
  return out;
}

/** Short decimal form: SVG paths for hundreds of buckets stay a few kB. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Escapes a value for a double-quoted XML attribute, so a colour string cannot break out of it. */
function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders peaks as a small SVG string (width x height, a single filled path in
 * `color`) to cache as the audio "thumbnail". Amplitude ±1 spans the full
 * height; the band is at least one pixel thick so silence shows as a centre line.
 */
export function waveformSvg(peaks: Float32Array, opts: { width: number; height: number; color: string }): string {
  const { width: w, height: h, color } = opts;
  if (!(Number.isFinite(w) && w > 0 && Number.isFinite(h) && h > 0)) {
    throw new RangeError(`waveformSvg: width and height must be positive numbers, got ${w}x${h}`);
  }
  if (peaks.length % 2 !== 0) throw new RangeError('waveformSvg: peaks must hold min/max pairs (even length)');

  const n = peaks.length / 2;
  const mid = h / 2;
  const minThick = Math.min(1, h);
  const xs: number[] = [];
  const tops: number[] = [];
  const bots: number[] = [];
  const clamp = (v: number): number => (v > 1 ? 1 : v < -1 ? -1 : Number.isNaN(v) ? 0 : v);
  for (let i = 0; i < n; i++) {
    let top = mid - clamp(peaks[2 * i + 1] as number) * mid;
    let bot = mid - clamp(peaks[2 * i] as number) * mid;
    if (bot - top < minThick) {
      const c = (top + bot) / 2;
      top = Math.max(0, Math.min(h - minThick, c - minThick / 2));
      bot = top + minThick;
    }
    xs.push(((i + 0.5) * w) / n);
    tops.push(top);
    bots.push(bot);
  }
  if (n === 0) {
    xs.push(w / 2);
    tops.push(mid - minThick / 2);
    bots.push(mid + minThick / 2);
  }
  // Outline: along the maxima left to right (stretched to both edges), then back along the minima.
  const last = xs.length - 1;
  const pts: string[] = [`M0 ${num(tops[0] as number)}`];
  for (let i = 0; i <= last; i++) pts.push(`L${num(xs[i] as number)} ${num(tops[i] as number)}`);
  pts.push(`L${num(w)} ${num(tops[last] as number)}`, `L${num(w)} ${num(bots[last] as number)}`);
  for (let i = last; i >= 0; i--) pts.push(`L${num(xs[i] as number)} ${num(bots[i] as number)}`);
  pts.push(`L0 ${num(bots[0] as number)}Z`);

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(w)}" height="${num(h)}" ` +
    `viewBox="0 0 ${num(w)} ${num(h)}" preserveAspectRatio="none">` +
    `<path d="${pts.join('')}" fill="${attr(color)}"/></svg>`
  );
}

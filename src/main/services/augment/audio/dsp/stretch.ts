/**
 * Time stretching without changing pitch: a phase vocoder with identity phase
 * locking (Laroche & Dolson, "Improved phase vocoder time-scale modification
 * of audio", 1999).
 *
 * Output frames sit every `hop` samples; output frame j is analysed from the
 * input at j · hop · ratio, so no magnitudes are interpolated. For each
 * spectral peak (a bin louder than its two neighbours on each side) the
 * instantaneous frequency comes from the phase change since the previous
 * analysis frame, and the peak's output phase advances by that frequency
 * over the synthesis hop. Every other bin in the peak's region of influence
 * (up to the quietest bin between two peaks) is rotated by the same angle as
 * its peak, which keeps the phase relations inside a partial intact: that is
 * what removes most of the "phasiness" a plain phase vocoder adds to speech.
 * The rotation is a complex multiply, so trigonometry is only spent on peaks:
 * one atan2 for the frequency deviation and a cos/sin pair of a small angle;
 * bin-centre phase advances come from a table.
 */
import { realFft } from './fft.ts';
import { scratch } from './scratch.ts';
import { OverlapAdd, windowedFrame } from './stft.ts';
import { sharedHann, stftSize } from './window.ts';

const circles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos and sin of 2πm/n for m = 0 … n−1: the phase of bin k after t samples is entry (k·t mod n), exactly. */
function circle(n: number): { cos: Float64Array; sin: Float64Array } {
  let c = circles.get(n);
  if (!c) {
    c = { cos: new Float64Array(n), sin: new Float64Array(n) };
    for (let m = 0; m < n; m++) {
      c.cos[m] = Math.cos((2 * Math.PI * m) / n);
      c.sin[m] = Math.sin((2 * Math.PI * m) / n);
    }
    circles.set(n, c);
  }
  return c;
}

/** Marks local maxima of `power` over ±2 bins into `peaks`; returns how many. */
function findPeaks(power: Float64Array, peaks: Int32Array): number {
  const n = power.length;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const p = power[k]!;
    if (p <= 0) continue;
    if (k >= 1 && power[k - 1]! >= p) continue;
    if (k >= 2 && power[k - 2]! >= p) continue;
    if (k + 1 < n && power[k + 1]! > p) continue;
    if (k + 2 < n && power[k + 2]! > p) continue;
    peaks[count++] = k;
  }
  return count;
}

/**
 * Stretches `x` to `outLength` samples (default length / rate) keeping its
 * pitch. rate > 1 shortens (faster), rate < 1 lengthens.
 */
export function timeStretch(x: Float32Array, sampleRate: number, outLength: number): Float32Array {
  const n = x.length;
  if (outLength <= 0 || n === 0) return new Float32Array(Math.max(0, outLength));
  if (outLength === n) return x.slice();
  const { nfft, hop } = stftSize(sampleRate);
  const ratio = n / outLength;
  const fft = realFft(nfft);
  const bins = fft.bins;
  const window = sharedHann(nfft);
  const ola = new OverlapAdd(outLength, window, 'stretch');

  const frame = scratch('stretch.frame', nfft);
  let xr = scratch('stretch.xr', bins), xi = scratch('stretch.xi', bins); // current analysis
  let pr = scratch('stretch.pr', bins), pi = scratch('stretch.pi', bins); // previous analysis
  let yr = scratch('stretch.yr', bins), yi = scratch('stretch.yi', bins); // current synthesis
  let qr = scratch('stretch.qr', bins), qi = scratch('stretch.qi', bins); // previous synthesis
  const power = scratch('stretch.power', bins);
  const peaks = new Int32Array(bins);
  const { cos, sin } = circle(nfft);
  const frames = Math.floor(outLength / hop) + 1;
  let prevCenter = 0;

  for (let j = 0; j < frames; j++) {
    const center = Math.round(j * hop * ratio);
    windowedFrame(x, center, window, frame);
    fft.forward(frame, xr, xi);
    if (j === 0) {
      yr.set(xr);
      yi.set(xi);
    } else {
      lockPhases(xr, xi, pr, pi, qr, qi, yr, yi, power, peaks, center - prevCenter, hop, cos, sin);
    }
    fft.inverse(yr, yi, frame);
    ola.add(frame, j * hop);
    prevCenter = center;
    [xr, pr] = [pr, xr];
    [xi, pi] = [pi, xi];
    [yr, qr] = [qr, yr];
    [yi, qi] = [qi, yi];
  }
  return ola.finish();
}

/**
 * One frame of identity phase locking: y = x rotated per region, where the
 * rotation makes each peak's phase continue from the previous output frame
 * (q) at the peak's measured frequency. `advance` is the analysis hop that
 * led to this frame, `hop` the synthesis hop.
 */
function lockPhases(
  xr: Float64Array, xi: Float64Array, pr: Float64Array, pi: Float64Array,
  qr: Float64Array, qi: Float64Array, yr: Float64Array, yi: Float64Array,
  power: Float64Array, peaks: Int32Array, advance: number, hop: number, cos: Float64Array, sin: Float64Array,
): void {
  const nfft = cos.length;
  const bins = xr.length;
  for (let k = 0; k < bins; k++) power[k] = xr[k]! * xr[k]! + xi[k]! * xi[k]!;
  const count = findPeaks(power, peaks);
  if (count === 0) {
    yr.set(xr);
    yi.set(xi);
    return;
  }
  let start = 0;
  for (let m = 0; m < count; m++) {
    const p = peaks[m]!;
    // Region of influence: up to the quietest bin before the next peak.
    let end = bins;
    if (m + 1 < count) {
      const next = peaks[m + 1]!;
      let low = p + 1;
      let lowest = power[low]!;
      for (let k = p + 2; k < next; k++) {
        const v = power[k]!;
        if (v < lowest) {
          lowest = v;
          low = k;
        }
      }
      end = low + 1;
    }
    const ar = xr[p]!, ai = xi[p]!;
    // Phase advance of the peak's bin centre over the synthesis hop, e^{iωh}, from the table.
    const mh = (p * hop) % nfft;
    let vr = cos[mh]!, vi = sin[mh]!;
    if (advance > 0) {
      // Deviation from the bin centre: arg(x · conj(prev) · e^{-iω·advance}), already in (−π, π].
      const ma = (p * advance) % nfft;
      const zr = ar * pr[p]! + ai * pi[p]!, zi = ai * pr[p]! - ar * pi[p]!;
      const tr = cos[ma]!, ti = -sin[ma]!;
      const delta = (Math.atan2(zi * tr + zr * ti, zr * tr - zi * ti) * hop) / advance;
      const dr = Math.cos(delta), di = Math.sin(delta);
      const wr = vr * dr - vi * di;
      vi = vr * di + vi * dr;
      vr = wr;
    }
    // Rotation e^{iθ}, θ = arg(q) + freq·hop − arg(x): (q · conj x) / |q · conj x| · e^{i·freq·hop}.
    const br = qr[p]!, bi = qi[p]!;
    let ur = br * ar + bi * ai, ui = bi * ar - br * ai;
    let norm = Math.sqrt(ur * ur + ui * ui);
    if (norm === 0) {
      // Nothing came out here last frame: continue from phase 0.
      ur = ar;
      ui = -ai;
      norm = Math.sqrt(ar * ar + ai * ai);
    }
    const c = (ur * vr - ui * vi) / norm, s = (ur * vi + ui * vr) / norm;
    for (let k = start; k < end; k++) {
      const a = xr[k]!, b = xi[k]!;
      yr[k] = a * c - b * s;
      yi[k] = a * s + b * c;
    }
    start = end;
  }
}

"""Peer for bench/augment-audio.bench.ts: the same audio augmentation
pipeline in numpy/scipy, on the same WAV clips with the same drawn values.

  noise   white Gaussian noise scaled to an exact SNR against the clip's RMS
  pitch   phase-vocoder stretch by 1/f, then scipy.signal.resample_poly by a
          rational approximation of f = 2^(semitones/12) back to the length
  stretch phase vocoder over scipy.signal.stft / istft (Hann, 512-point,
          hop 128 at 16 kHz): librosa's algorithm (magnitudes interpolated
          between frames, phase advanced by the measured frequency),
          vectorised over frames with a cumulative sum instead of librosa's
          per-frame Python loop, so numpy does all the work

Reads a job file (JSON: {"sample_rate", "runs", "clips": [{"path",
"snr_db", "semitones", "rate", "seed"}]}), prints one line of JSON:
{"seconds": median of runs, "stages": {...}, "lengths": [...], versions}.
"""
import json
import platform
import statistics
import sys
import time
from fractions import Fraction

import numpy as np
import scipy
from scipy import signal
from scipy.io import wavfile

NFFT = 512
HOP = 128


def load(path):
    sr, data = wavfile.read(path)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    return sr, data.astype(np.float32)


def add_noise(x, snr_db, seed):
    noise = np.random.default_rng(seed).standard_normal(len(x)).astype(np.float32)
    sig = np.sqrt(np.mean(x.astype(np.float64) ** 2))
    nrms = np.sqrt(np.mean(noise.astype(np.float64) ** 2))
    gain = sig / (10 ** (snr_db / 20)) / nrms if sig > 0 and nrms > 0 else 0.0
    return (x + noise * gain).astype(np.float32)


def fix_length(y, n):
    if len(y) >= n:
        return y[:n]
    return np.pad(y, (0, n - len(y)))


def time_stretch(x, rate):
    n_out = int(np.floor(len(x) / rate + 0.5))
    _, _, z = signal.stft(x, window="hann", nperseg=NFFT, noverlap=NFFT - HOP, boundary="zeros", padded=True)
    n_frames = z.shape[1]
    steps = np.arange(0, n_frames, rate)
    z = np.pad(z, [(0, 0), (0, 2)])
    mag = np.abs(z)
    ang = np.angle(z)
    i = steps.astype(np.int64)
    a = (steps - i)[None, :]
    out_mag = (1 - a) * mag[:, i] + a * mag[:, i + 1]
    omega = (2 * np.pi * HOP / NFFT) * np.arange(z.shape[0])[:, None]
    dphi = ang[:, i + 1] - ang[:, i] - omega
    dphi -= 2 * np.pi * np.round(dphi / (2 * np.pi))
    advance = omega + dphi
    phase = np.empty_like(advance)
    phase[:, 0] = ang[:, 0]
    np.cumsum(advance[:, :-1], axis=1, out=phase[:, 1:])
    phase[:, 1:] += ang[:, :1]
    y_spec = out_mag * np.exp(1j * phase)
    _, y = signal.istft(y_spec, window="hann", nperseg=NFFT, noverlap=NFFT - HOP, boundary=True)
    return fix_length(y.astype(np.float32), n_out)


def pitch_shift(x, semitones):
    f = 2.0 ** (semitones / 12.0)
    stretched = time_stretch(x, 1.0 / f)
    ratio = Fraction(1.0 / f).limit_denominator(100)
    y = signal.resample_poly(stretched, ratio.numerator, ratio.denominator)
    return fix_length(y.astype(np.float32), len(x))


def run_once(clips, stages):
    lengths = []
    for clip in clips:
        t0 = time.perf_counter()
        y = add_noise(clip["x"], clip["snr_db"], clip["seed"])
        t1 = time.perf_counter()
        y = pitch_shift(y, clip["semitones"])
        t2 = time.perf_counter()
        y = time_stretch(y, clip["rate"])
        t3 = time.perf_counter()
        stages["noise"] += t1 - t0
        stages["pitch"] += t2 - t1
        stages["stretch"] += t3 - t2
        lengths.append(len(y))
    return lengths


def main():
    job = json.load(open(sys.argv[1]))
    clips = []
    for c in job["clips"]:
        sr, x = load(c["path"])
        if sr != job["sample_rate"]:
            raise SystemExit(f"{c['path']}: expected {job['sample_rate']} Hz, got {sr}")
        clips.append({**c, "x": x})
    global NFFT, HOP
    NFFT, HOP = job.get("nfft", NFFT), job.get("hop", HOP)
    warm = {"noise": 0.0, "pitch": 0.0, "stretch": 0.0}
    run_once(clips, warm)
    times, runs = [], []
    lengths = []
    for _ in range(job["runs"]):
        stages = {"noise": 0.0, "pitch": 0.0, "stretch": 0.0}
        t = time.perf_counter()
        lengths = run_once(clips, stages)
        times.append(time.perf_counter() - t)
        runs.append(stages)
    best = times.index(statistics.median_low(times))
    print(json.dumps({
        "seconds": statistics.median(times),
        "stages": runs[best],
        "lengths": lengths,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
    }))


if __name__ == "__main__":
    sys.exit(main())

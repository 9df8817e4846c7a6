"""MFCC in numpy/scipy with the parameters of Trainyard's preprocessing
(src/main/services/features/mfcc.ts, documented on MfccOptions in
src/shared/features/spec.ts):

  pre-emphasis y[t] = x[t] - a x[t-1] (x[-1] = 0) over the whole clip
  frames of round(sr * frame_ms / 1000) samples every round(sr * hop_ms / 1000),
  no centring: 1 + (len - frame) // hop frames; periodic Hann window
  |rfft|^2 at the next power of two >= the frame (and >= 4)
  HTK mel (2595 log10(1 + f / 700)) triangular filters, peak 1, no area norm
  natural log of max(energy, floor); scipy.fft.dct(type=2, norm='ortho'),
  the first `coefficients` kept

Used two ways:
  python3 mfcc_numpy.py JOB.json   the peer of bench/mfcc.bench.ts: times the
                                   same clips and prints one line of JSON
  import mfcc_numpy                test/fixtures/features/make-mfcc-reference.py
                                   builds the test reference with it
"""
import json
import platform
import sys
import time

import numpy as np
import scipy
import scipy.fft
from numpy.lib.stride_tricks import sliding_window_view

DEFAULTS = {
    "frameMs": 25,
    "hopMs": 10,
    "melBands": 40,
    "fMin": 0,
    "fMax": None,
    "logFloor": 1e-10,
    "coefficients": 13,
    "preEmphasis": 0.97,
}


def next_pow2(n):
    p = 4
    while p < n:
        p *= 2
    return p


def hz_to_mel(hz):
    return 2595.0 * np.log10(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


def mel_to_hz(mel):
    return 700.0 * (10.0 ** (np.asarray(mel, dtype=np.float64) / 2595.0) - 1.0)


class Plan:
    def __init__(self, sr, params=None):
        p = dict(DEFAULTS, **(params or {}))
        self.sr = sr
        self.frame = int(round(sr * p["frameMs"] / 1000))
        self.hop = max(1, int(round(sr * p["hopMs"] / 1000)))
        self.nfft = next_pow2(self.frame)
        self.coefficients = p["coefficients"]
        self.pre = p["preEmphasis"]
        self.floor = p["logFloor"]
        fmax = p["fMax"] if p["fMax"] is not None else sr / 2
        bands = p["melBands"]
        n = np.arange(self.frame)
        self.window = 0.5 - 0.5 * np.cos(2 * np.pi * n / self.frame)
        edges = mel_to_hz(np.linspace(hz_to_mel(p["fMin"]), hz_to_mel(fmax), bands + 2))
        freqs = np.arange(self.nfft // 2 + 1) * sr / self.nfft
        lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
        self.filters = np.maximum(0.0, np.minimum((freqs - lo) / (mid - lo), (hi - freqs) / (hi - mid)))
        self.filters_t = np.ascontiguousarray(self.filters.T)

    def frames(self, length):
        return 0 if length < self.frame else 1 + (length - self.frame) // self.hop

    def log_mel(self, x):
        """x: [..., samples] -> [..., frames, bands]."""
        x = np.asarray(x, dtype=np.float64)
        if self.pre:
            y = np.empty_like(x)
            y[..., 0] = x[..., 0]
            y[..., 1:] = x[..., 1:] - self.pre * x[..., :-1]
        else:
            y = x
        f = sliding_window_view(y, self.frame, axis=-1)[..., :: self.hop, :] * self.window
        spec = scipy.fft.rfft(f, n=self.nfft, axis=-1)
        power = spec.real**2 + spec.imag**2
        return np.log(np.maximum(power @ self.filters_t, self.floor))

    def mfcc(self, x):
        """x: [..., samples] -> [..., frames, coefficients]."""
        return scipy.fft.dct(self.log_mel(x), type=2, norm="ortho", axis=-1)[..., : self.coefficients]


def cpu_seconds(fn, runs):
    """Median process CPU time of `runs` calls after one warm-up."""
    fn()
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return float(np.median(times))


def main(job_file):
    with open(job_file) as f:
        job = json.load(f)
    sr = job["sample_rate"]
    plan = Plan(sr, job.get("params"))
    clips = np.fromfile(job["clips_file"], dtype=np.float32).reshape(job["clips"], job["clip_samples"])
    long = np.fromfile(job["long_file"], dtype=np.float32)
    runs = job["runs"]
    out = {}
    # One clip at a time, as a data loader feeds a model; then all clips as one array.
    out["clip_loop"] = cpu_seconds(lambda: [plan.mfcc(c) for c in clips], runs)
    out["batched"] = cpu_seconds(lambda: plan.mfcc(clips), runs)
    out["long"] = cpu_seconds(lambda: plan.mfcc(long), runs)
    out["first"] = plan.mfcc(clips[0]).ravel().tolist()
    out["versions"] = f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}"
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])

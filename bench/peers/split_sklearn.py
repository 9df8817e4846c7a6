"""Peer for bench/split.bench.ts: times scikit-learn's stratified
train/validation/test split on the same keys and labels.

Keys are `sample-%09d`; labels come from the same integer mixer as the Node
side (murmur3 fmix32 of index + seed * golden ratio, 55 slots mapped to 10
classes with sizes 1..10 / 55), so both sides split identical data.

Prints one line of JSON: {"seconds": median, ...versions, "counts": [...]}.
"""
import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split

RATIOS = (0.7, 0.15, 0.15)


def make_data(n, seed):
    keys = np.array([f"sample-{i:09d}" for i in range(n)])
    m = np.uint64(0xFFFFFFFF)
    x = (np.arange(n, dtype=np.uint64) + np.uint64((seed * 0x9E3779B9) & 0xFFFFFFFF)) & m
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & m
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & m
    x ^= x >> np.uint64(16)
    slots = np.repeat(np.arange(10, dtype=np.int32), np.arange(1, 11))  # class c owns c + 1 of 55 slots
    labels = slots[(x % np.uint64(55)).astype(np.int64)]
    return keys, labels


def split_once(keys, labels, seed):
    rest = RATIOS[1] + RATIOS[2]
    train_k, rest_k, train_y, rest_y = train_test_split(
        keys, labels, test_size=rest, stratify=labels, random_state=seed
    )
    val_k, test_k, val_y, test_y = train_test_split(
        rest_k, rest_y, test_size=RATIOS[2] / rest, stratify=rest_y, random_state=seed
    )
    return train_k, val_k, test_k


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    keys, labels = make_data(args.n, args.seed)
    split_once(keys, labels, args.seed)  # warm-up
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        split_once(keys, labels, args.seed)
        times.append(time.perf_counter() - t)
    print(json.dumps({
        "seconds": statistics.median(times),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "counts": np.bincount(labels, minlength=10).tolist(),
    }))


if __name__ == "__main__":
    sys.exit(main())

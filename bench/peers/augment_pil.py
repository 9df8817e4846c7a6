"""Peer for bench/augment-image.bench.ts: the same augmentation pipeline in
Pillow, on the same JPEG files.

Per image, from bytes in memory: decode -> horizontal flip (p=0.5) ->
rotate by U(-15, 15) degrees (bilinear, black corners, same size) ->
random resized crop to 224x224 (torchvision's region rule, scale 0.5-1,
ratio 3/4-4/3, bilinear antialiased resize) -> brightness and contrast
(ImageEnhance, factors U(0.8, 1.2)) -> GaussianBlur(1) -> JPEG q75 into
memory. Three ways: in this process; in one pool worker process (where
PyTorch's DataLoader would run it, and where glibc's heap, warmed by the
fork, spares Pillow most page faults: 1.5x faster on some VMs); in a
multiprocessing Pool over all cores.

Prints one line of JSON: images/s for each (median of --runs after a
warm-up pass) and versions.
"""
import argparse
import io
import json
import math
import multiprocessing as mp
import os
import platform
import random
import statistics
import sys
import time

import PIL
from PIL import Image, ImageEnhance, ImageFilter

_blobs = []


def crop_region(rng, width, height, scale=(0.5, 1.0), ratio=(3 / 4, 4 / 3)):
    area = width * height
    log_ratio = (math.log(ratio[0]), math.log(ratio[1]))
    for _ in range(10):
        target = area * rng.uniform(*scale)
        ar = math.exp(rng.uniform(*log_ratio))
        w = int(round(math.sqrt(target * ar)))
        h = int(round(math.sqrt(target / ar)))
        if 0 < w <= width and 0 < h <= height:
            return rng.randint(0, width - w), rng.randint(0, height - h), w, h
    return 0, 0, width, height


def augment(blob, seed):
    rng = random.Random(seed)
    im = Image.open(io.BytesIO(blob))
    im = im.convert("RGB")
    if rng.random() < 0.5:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    im = im.rotate(rng.uniform(-15, 15), resample=Image.BILINEAR, fillcolor=(0, 0, 0))
    x, y, w, h = crop_region(rng, im.width, im.height)
    im = im.resize((224, 224), Image.BILINEAR, box=(x, y, x + w, y + h))
    im = ImageEnhance.Brightness(im).enhance(rng.uniform(0.8, 1.2))
    im = ImageEnhance.Contrast(im).enhance(rng.uniform(0.8, 1.2))
    im = im.filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=75)
    return len(out.getvalue())


def _init(paths):
    global _blobs
    _blobs = [open(p, "rb").read() for p in paths]


def _work(i):
    return augment(_blobs[i], i)


def timed(fn, runs):
    fn()  # warm-up
    xs = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        xs.append(time.perf_counter() - t)
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--procs", type=int, default=os.cpu_count())
    args = ap.parse_args()
    paths = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.endswith(".jpg"))
    _init(paths)
    n = len(paths)

    single = timed(lambda: [augment(b, i) for i, b in enumerate(_blobs)], args.runs)

    with mp.Pool(1, initializer=_init, initargs=(paths,)) as pool:
        single_worker = timed(lambda: pool.map(_work, range(n), chunksize=max(1, n // 8)), args.runs)

    with mp.Pool(args.procs, initializer=_init, initargs=(paths,)) as pool:
        chunk = max(1, n // (args.procs * 8))
        multi = timed(lambda: pool.map(_work, range(n), chunksize=chunk), args.runs)

    print(json.dumps({
        "images": n,
        "single": n / single,
        "single_worker": n / single_worker,
        "multi": n / multi,
        "procs": args.procs,
        "pillow": PIL.__version__,
        "python": platform.python_version(),
        "executable": sys.executable,
    }))


if __name__ == "__main__":
    main()

"""Peer for bench/import.bench.ts: thumbnails of an image folder in Pillow.

Walks the folder (sorted), and per file: reads the bytes, decodes them with
Pillow, makes a thumbnail with Image.thumbnail((128, 128)) and saves it as
WebP quality 80, method 0 (the fastest, as Trainyard's sharp effort 0) into a
temp folder. Timed for one process, then for a multiprocessing Pool of
os.cpu_count() processes (the pool is started before timing).

Unlike Trainyard's import it does not hash the bytes, probe the header
separately or write a database: it is the decode + thumbnail + encode core.

Prints one line of JSON: images/s for both (median of --runs timed passes
after a warm-up pass over up to --warmup files) and versions. With
--breakdown K it also times each stage serially on the first K files
(read, decode, thumbnail, WebP encode, file write), in ms per image.
"""
import argparse
import io
import json
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time

import PIL
from PIL import Image, features

EXTS = (".jpg", ".jpeg", ".png", ".webp")
OUT = None


def list_images(root):
    paths = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        paths.extend(os.path.join(d, f) for f in sorted(files) if f.lower().endswith(EXTS))
    return paths


def init(out):
    global OUT
    OUT = out


def thumb(path):
    with open(path, "rb") as f:
        blob = f.read()
    im = Image.open(io.BytesIO(blob))
    im.thumbnail((128, 128))
    name = os.path.relpath(path).replace(os.sep, "_")
    im.save(os.path.join(OUT, name + ".webp"), "WEBP", quality=80, method=0)
    return im.size


def one_process(paths):
    for p in paths:
        thumb(p)


def pooled(pool, paths):
    for _ in pool.imap_unordered(thumb, paths, chunksize=32):
        pass


def breakdown(paths):
    stages = {"read": 0.0, "decode": 0.0, "thumbnail": 0.0, "webp encode": 0.0, "file write": 0.0}
    for p in paths:
        t0 = time.perf_counter()
        with open(p, "rb") as f:
            blob = f.read()
        t1 = time.perf_counter()
        im = Image.open(io.BytesIO(blob))
        im.load()
        t2 = time.perf_counter()
        im.thumbnail((128, 128))
        t3 = time.perf_counter()
        buf = io.BytesIO()
        im.save(buf, "WEBP", quality=80, method=0)
        t4 = time.perf_counter()
        with open(os.path.join(OUT, "breakdown.webp"), "wb") as f:
            f.write(buf.getvalue())
        t5 = time.perf_counter()
        for k, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            stages[k] += dt
    return {k: v * 1000 / len(paths) for k, v in stages.items()}


def rate(fn, paths, runs, warmup):
    fn(paths[:warmup])  # warm-up: caches, imports, pool processes
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn(paths)
        times.append(time.perf_counter() - t)
    return len(paths) / statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--mode", choices=("single", "pool", "both"), default="both")
    ap.add_argument("--breakdown", type=int, default=0)
    args = ap.parse_args()

    paths = list_images(os.path.abspath(args.folder))
    if not paths:
        sys.exit(f"no images under {args.folder}")
    out = tempfile.mkdtemp(prefix="ty-pil-thumbs-")
    procs = os.cpu_count() or 1
    try:
        init(out)
        os.chdir(args.folder)
        paths = [os.path.relpath(p) for p in paths]
        stages = breakdown(paths[: args.breakdown]) if args.breakdown else None
        single = rate(one_process, paths, args.runs, args.warmup) if args.mode != "pool" and args.runs else None
        multi = None
        if args.mode != "single" and args.runs:
            with mp.Pool(procs, initializer=init, initargs=(out,)) as pool:
                multi = rate(lambda ps: pooled(pool, ps), paths, args.runs, args.warmup)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    try:
        codecs = f"libjpeg {features.version('jpg')}, libwebp {features.version('webp')}"
    except Exception:  # older Pillow without features.version
        codecs = "codec versions unknown"
    print(json.dumps({
        "files": len(paths),
        "single": single,
        "multi": multi,
        "procs": procs,
        "breakdown": stages,
        "pillow": PIL.__version__,
        "codecs": codecs,
        "python": platform.python_version(),
        "executable": sys.executable,
    }))


if __name__ == "__main__":
    sys.exit(main())

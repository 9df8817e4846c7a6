/**
 * Benchmark: the image augmentation pipeline of issue 3 on 256×256 JPEGs,
 * Trainyard (sharp decode/encode, operations on raw buffers) against the
 * same pipeline in Pillow (bench/peers/augment_pil.py), both on the same
 * files held in memory. Run with `node bench/augment-image.bench.ts` (Node 24);
 * `--quick` for a short run, `--images N`, `--rounds N`.
 *
 * Trainyard is measured one image at a time, with a few pipelines in flight
 * on one thread (sharp's calls overlap on libuv's pool), and with
 * os.availableParallelism() worker threads; Pillow in its own process, in one
 * pool worker process (its fastest single-core setting here) and in a
 * multiprocessing pool over all cores.
 *
 * TRAINYARD_PYTHON picks the interpreter; otherwise the first of
 * /usr/bin/python3 (Debian's python3-pil) and python3 that imports PIL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { createRng } from '../src/shared/rng.ts';
import { runRange, type WorkerJob } from './augment-image.worker.ts';
import { BENCH_DIR, findPython, flag, header, median, pythonVersions, QUICK, removeDir, runPeer, tempDir } from './lib.ts';

const N = flag('images', QUICK ? 100 : 500);
const ROUNDS = flag('rounds', QUICK ? 2 : 5);
const SIZE = 256;
const IN_FLIGHT = 4;

/** A seeded photo-like picture: a two-colour gradient, soft blobs, sensor grain. */
function syntheticPhoto(seed: number): Buffer {
  const rng = createRng(seed);
  const px = Buffer.alloc(SIZE * SIZE * 3);
  const c0 = [rng.int(256), rng.int(256), rng.int(256)];
  const c1 = [rng.int(256), rng.int(256), rng.int(256)];
  const blobs = Array.from({ length: 3 + rng.int(4) }, () => ({
    x: rng.uniform(0, SIZE), y: rng.uniform(0, SIZE), r: rng.uniform(15, 70),
    c: [rng.int(256), rng.int(256), rng.int(256)],
  }));
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const t = (x + y) / (2 * SIZE);
      const i = (y * SIZE + x) * 3;
      for (let c = 0; c < 3; c++) {
        let v = c0[c]! * (1 - t) + c1[c]! * t;
        for (const b of blobs) {
          const a = Math.max(0, Math.min(1, (b.r - Math.hypot(x - b.x, y - b.y)) / 6));
          v = v * (1 - a) + b.c[c]! * a;
        }
        px[i + c] = Math.max(0, Math.min(255, v + rng.normal() * 4));
      }
    }
  }
  return px;
}

async function makeImages(dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < N; i++) {
    const file = path.join(dir, `${String(i).padStart(4, '0')}.jpg`);
    await sharp(syntheticPhoto(1000 + i), { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
    paths.push(file);
  }
  return paths;
}

/** Images per second of one timed pass over all images, and the process's CPU time per image (all threads) in ms. */
async function rate(pass: () => Promise<void>): Promise<[number, number]> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  await pass();
  const used = process.cpuUsage(cpu);
  return [N / ((performance.now() - t) / 1000), (used.user + used.system) / 1000 / N];
}

async function startWorkers(count: number, paths: string[]): Promise<Worker[]> {
  const workers = Array.from({ length: count }, () => new Worker(path.join(BENCH_DIR, 'augment-image.worker.ts'), { workerData: { paths } }));
  await Promise.all(workers.map((w) => new Promise<void>((res, rej) => {
    w.once('message', () => res());
    w.once('error', rej);
  })));
  return workers;
}

function runOnWorkers(workers: Worker[], inFlight: number): Promise<void> {
  const per = Math.ceil(N / workers.length);
  return Promise.all(workers.map((w, k) => new Promise<void>((res, rej) => {
    w.once('message', (m: string) => (m === 'done' ? res() : rej(new Error(m))));
    const job: WorkerJob = { from: k * per, to: Math.min(N, (k + 1) * per), inFlight };
    w.postMessage(job);
  }))).then(() => undefined);
}

interface PeerResult {
  single: number;
  single_worker: number;
  multi: number;
  procs: number;
  pillow: string;
  python: string;
  executable: string;
}

function peerPass(py: string, dir: string): PeerResult {
  const res = runPeer<PeerResult>(py, 'augment_pil.py', [dir, '--runs', '1']);
  if (typeof res === 'string') throw new Error(res);
  return res;
}

/**
 * Machines drift (this project's VMs by ±30% within a minute), so the sides
 * are measured in alternating rounds: every Trainyard mode once, then the
 * peer once; figures are medians over rounds, ratios medians of per-round
 * ratios.
 */
async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const py = findPython('PIL');
  await header('image augmentation pipeline, Trainyard vs Pillow', [
    ['pillow', py ? pythonVersions(py, ['PIL']) : 'skipped: no python3 with Pillow (apt-get install -y python3-pil)'],
    ['data', `${N} synthetic 256×256 JPEGs (q90), in memory; ${ROUNDS} alternating rounds, medians (min–max)`],
    ['pipeline', 'decode, hflip p=.5, rotate ±15°, random resized crop 224 (scale .5–1), brightness, contrast, blur σ=1, JPEG q75'],
  ]);
  const dir = tempDir('trainyard-augment-bench-');
  try {
    const paths = await makeImages(dir);
    const blobs = paths.map((p) => fs.readFileSync(p));
    const cores = os.availableParallelism();
    const workers = await startWorkers(cores, paths);
    const modes: Array<[string, () => Promise<void>]> = [
      ['trainyard, 1 thread, 1 in flight', () => runRange(blobs, 0, N, 1)],
      [`trainyard, 1 thread, ${IN_FLIGHT} in flight`, () => runRange(blobs, 0, N, IN_FLIGHT)],
      [`trainyard, ${cores} workers × 1 in flight`, () => runOnWorkers(workers, 1)],
      [`trainyard, ${cores} workers × 2 in flight`, () => runOnWorkers(workers, 2)],
    ];
    const ours = modes.map(() => [] as number[]);
    const cpuMs = modes.map(() => [] as number[]);
    const peers: PeerResult[] = [];
    try {
      for (const [, pass] of modes) await pass(); // warm-up: JIT, scratch buffers, libvips
      for (let r = 0; r < ROUNDS; r++) {
        for (const [k, [, pass]] of modes.entries()) {
          const [ips, ms] = await rate(pass);
          ours[k]!.push(ips);
          cpuMs[k]!.push(ms);
        }
        if (py) peers.push(peerPass(py, dir));
      }
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }

    const fmt = (xs: number[]) => `${median(xs).toFixed(0).padStart(5)} img/s (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    /** The faster of Pillow in its own process and in one pool worker, per round: the fastest peer available. */
    const pilSingle = peers.map((p) => Math.max(p.single, p.single_worker));
    const ratio = (xs: number[], ref: number[]) => median(xs.map((x, r) => x / ref[r]!)).toFixed(2);
    for (const [k, [label]] of modes.entries()) {
      const multi = k >= 2;
      const vs = peers.length ? `  ${ratio(ours[k]!, multi ? peers.map((p) => p.multi) : pilSingle)}× PIL ${multi ? `${cores} procs` : 'single'}` : '';
      console.log(`${label.padEnd(38)} ${fmt(ours[k]!)}${vs}; CPU ${median(cpuMs[k]!).toFixed(1)} ms/img`);
    }
    if (peers.length) {
      console.log(`${'pillow, its own process'.padEnd(38)} ${fmt(peers.map((p) => p.single))}`);
      console.log(`${'pillow, 1 pool worker process'.padEnd(38)} ${fmt(peers.map((p) => p.single_worker))}`);
      console.log(`${`pillow, ${peers[0]!.procs} processes`.padEnd(38)} ${fmt(peers.map((p) => p.multi))}`);
    }
    const bestMulti = ours[2]!.map((x, r) => Math.max(x, ours[3]![r]!));
    console.log(`\nscaling:   trainyard ${(median(bestMulti) / median(ours[0]!)).toFixed(2)}× from 1 to ${cores} workers${peers.length ? `, pillow ${(median(peers.map((p) => p.multi)) / median(pilSingle)).toFixed(2)}×` : ''}`);
    if (peers.length) {
      const best = median(ours[0]!.map((x, r) => Math.max(x, ours[1]![r]!) / pilSingle[r]!));
      console.log(`target:    ahead of PIL single-threaded: ${best.toFixed(2)}× ${best >= 1 ? 'OK' : 'BELOW TARGET'}`);
    }
    console.log(`load:      1-min load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after (above ~${cores}: something else competed for the cores; rerun)`);
  } finally {
    removeDir(dir);
  }
}

await main();

/**
 * Benchmark: first stratified split of 1,000,000 samples against
 * scikit-learn's train_test_split (twice: train vs rest, rest into
 * validation / test), plus the incremental path (100,000 new samples added to
 * an already split 1,000,000). Run with `node bench/split.bench.ts` (Node 24).
 *
 * The peer is bench/peers/split_sklearn.py; it builds the same keys and labels
 * (checked through the class counts). Set TRAINYARD_PYTHON to pick the
 * interpreter; otherwise the first of python3, /usr/bin/python3 that can
 * import sklearn is used (a pyenv python3 often lacks the Debian package).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignSplits } from '../src/main/services/splitting/assign.ts';
import type { Ratios } from '../src/main/services/splitting/assign.ts';

const N = 1_000_000;
const GROWTH = 100_000;
const SEED = 42;
const RUNS = 5;
const RATIOS: Ratios = [0.7, 0.15, 0.15];

const key = (i: number): string => `sample-${String(i).padStart(9, '0')}`;

/**
 * Label of sample i: murmur3 fmix32 of i + seed * golden ratio, 55 slots
 * mapped so class c owns c + 1 of them (imbalanced classes, 1/55 to 10/55).
 * Integer-only so the Python peer reproduces it bit for bit.
 */
const SLOTS = Array.from({ length: 10 }, (_, c) => Array<number>(c + 1).fill(c)).flat();
function label(i: number, seed: number): number {
  let x = (i + Math.imul(seed, 0x9e3779b9)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return SLOTS[x % 55]!;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median seconds of RUNS timed calls after one warm-up. */
function time(fn: () => unknown): number {
  fn();
  const xs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(xs);
}

interface PeerResult {
  seconds: number;
  sklearn: string;
  numpy: string;
  python: string;
  counts: number[];
}

function findPython(): string | undefined {
  const candidates = process.env.TRAINYARD_PYTHON ? [process.env.TRAINYARD_PYTHON] : ['python3', '/usr/bin/python3'];
  return candidates.find((py) => spawnSync(py, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0);
}

function runPeer(): PeerResult | string {
  const py = findPython();
  if (!py) return 'no python3 with scikit-learn (apt-get install -y python3-sklearn)';
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers', 'split_sklearn.py');
  const res = spawnSync(py, [script, '--n', String(N), '--seed', String(SEED), '--runs', String(RUNS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) return `peer failed (${res.status}): ${res.stderr}`;
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as PeerResult;
}

function main(): void {
  const total = N + GROWTH;
  const keys = Array.from({ length: total }, (_, i) => key(i));
  const strata = Int32Array.from({ length: total }, (_, i) => label(i, SEED));
  const baseKeys = keys.slice(0, N);
  const baseStrata = strata.slice(0, N);
  const counts = new Array<number>(10).fill(0);
  for (const c of baseStrata) counts[c]!++;

  const fresh = new Int8Array(N).fill(-1);
  let first: Int8Array = new Int8Array(0);
  const ours = time(() => {
    first = assignSplits({ keys: baseKeys, strata: baseStrata, current: fresh, ratios: RATIOS, seed: SEED });
  });

  const grown = new Int8Array(total).fill(-1);
  grown.set(first);
  const incremental = time(() => assignSplits({ keys, strata, current: grown, ratios: RATIOS, seed: SEED }));

  const peer = runPeer();
  const cpus = os.cpus();
  console.log(`machine:      ${cpus[0]?.model ?? 'unknown'} (${cpus.length} cores), ${os.platform()} ${os.release()}`);
  console.log(`node:         ${process.version}`);
  console.log(`data:         ${N.toLocaleString('en')} keys, 10 classes ${JSON.stringify(counts)}, ratios ${RATIOS.join('/')}`);
  console.log(`trainyard:    ${ours.toFixed(4)} s  first stratified split (median of ${RUNS})`);
  console.log(`incremental:  ${incremental.toFixed(4)} s  ${GROWTH.toLocaleString('en')} new samples into a split ${N.toLocaleString('en')}`);
  if (typeof peer === 'string') {
    console.log(`scikit-learn: skipped, ${peer}`);
    return;
  }
  if (JSON.stringify(peer.counts) !== JSON.stringify(counts)) {
    throw new Error(`peer generated different labels: ${JSON.stringify(peer.counts)}`);
  }
  console.log(`scikit-learn: ${peer.seconds.toFixed(4)} s  2× train_test_split(stratify) (median of ${RUNS})`);
  console.log(`              sklearn ${peer.sklearn}, numpy ${peer.numpy}, python ${peer.python}`);
  const ratio = peer.seconds / ours;
  console.log(`ratio:        ${ratio.toFixed(2)}× (sklearn / trainyard; target >= 2×) ${ratio >= 2 ? 'OK' : 'BELOW TARGET'}`);
}

main();

/**
 * Benchmark: training throughput (samples/s) of two baselines of issue 4,
 * TensorFlow.js against the same architecture in PyTorch on the CPU
 * (bench/peers/train_torch.py), measured in the same run on the same cores.
 *
 *   image CNN   64×64×3, 3 blocks (16/32/64 filters), 4 classes, batch 32
 *   text LSTM   ids of length 64, vocabulary 5,000, embedding 64, LSTM 64, 4 classes, batch 32
 *
 * One training step is what the training loop does: forward in training
 * mode, cross-entropy (+ L2 penalties), gradients, Adam, and the loss read
 * back. Both sides train on a fixed random batch, so data loading is not
 * measured. tfjs runs on every backend that starts here (tfjs-node-gpu,
 * tfjs-node, wasm; the pure-JS cpu backend with `--cpu`: one step, minutes);
 * PyTorch with torch.set_num_threads(cores) and with 1 thread. After the
 * timed rounds, the kernel calls one training step makes on each backend
 * (the dispatch count the fused LSTM exists to cut).
 *
 * `--quick` for a short run, `--steps N`, `--rounds N`, `--cpu`.
 * TRAINYARD_PYTHON picks the interpreter; otherwise the first of
 * /usr/bin/python3 (Debian's python3-torch) and python3 that imports torch.
 */
import os from 'node:os';
import type * as TfCore from '@tensorflow/tfjs-core';
import type { ModelSpec } from '../src/shared/training/models.ts';
import { describeBackend, selectBackend, type BackendName, type SelectedBackend } from '../src/main/services/training/backend/select.ts';
import { buildModel, trainingLoss } from '../src/main/services/training/models/build.ts';
import { findPython, flag, hasFlag, header, median, pythonVersions, QUICK, runPeer } from './lib.ts';

const STEPS = flag('steps', QUICK ? 5 : 20);
const ROUNDS = flag('rounds', QUICK ? 1 : 3);
const WARMUP = 3;
// The pure-JS backend needs minutes per step at these sizes: one step, no warm-up, a rough figure.
const CPU_STEPS = 1;
const BATCH = 32;

const MODELS: Record<'cnn' | 'lstm', { label: string; spec: ModelSpec }> = {
  cnn: { label: 'image CNN 64×64×3', spec: { model: 'cnn', inputShape: [64, 64, 3], outputs: 4, seed: 0, options: { width: 16, depth: 3, dropout: 0.25, l2: 0 } } },
  lstm: { label: 'text LSTM len 64, vocab 5k', spec: { model: 'lstm', inputShape: [64], vocabSize: 5000, outputs: 4, seed: 0, options: { embeddingDim: 64, width: 64, depth: 1, dropout: 0.2, l2: 0 } } },
};
type ModelKey = keyof typeof MODELS;

interface PeerOut {
  results: Array<{ model: ModelKey; threads: number; samples_per_s: number; step_ms: number }>;
  torch: string;
  python: string;
}

/**
 * Samples per second over `steps` training steps after `warmup` untimed
 * ones; with `countKernels`, instead the number of kernel calls one step
 * makes (every kernel function the backend runs, the engine's dispatches
 * and those made directly inside other kernels or the fused LSTM).
 */
async function tfjsRate(sel: SelectedBackend, key: ModelKey, steps: number, warmup: number, countKernels = false): Promise<number> {
  const { tf, tfl } = sel;
  const { spec } = MODELS[key];
  const model = buildModel(tf, tfl, spec);
  const x = key === 'lstm'
    ? tf.randomUniform([BATCH, ...spec.inputShape], 0, spec.vocabSize!, 'int32', 1)
    : tf.randomNormal([BATCH, ...spec.inputShape], 0, 1, 'float32', 1);
  const y = tf.randomUniform([BATCH], 0, spec.outputs, 'int32', 2);
  const opt = tf.train.adam(1e-3);
  const step = async () => {
    const loss = opt.minimize(() => trainingLoss(tf, model, spec, model.apply(x, { training: true }) as TfCore.Tensor, y), true)!;
    await loss.data();
    loss.dispose();
  };
  try {
    for (let i = 0; i < warmup; i++) await step();
    if (countKernels) return await kernelCalls(sel, step);
    const t = performance.now();
    for (let i = 0; i < steps; i++) await step();
    return (steps * BATCH) / ((performance.now() - t) / 1000);
  } finally {
    opt.dispose();
    model.dispose();
    tf.dispose([x, y]);
  }
}

/** Kernel calls during one run of `fn`, counted by wrapping every kernel registered for the backend (restored after). */
async function kernelCalls(sel: SelectedBackend, fn: () => Promise<void>): Promise<number> {
  const { tf } = sel;
  const backend = tf.getBackend();
  const originals = tf.getKernelsForBackend(backend);
  let calls = 0;
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({ ...k, kernelFunc: (args) => (calls++, k.kernelFunc(args)) });
  }
  try {
    await fn();
  } finally {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backend);
      tf.registerKernel(k);
    }
  }
  return calls;
}

async function backends(): Promise<{ ready: Array<{ name: BackendName; description: string }>; skipped: string[] }> {
  const names: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', ...(hasFlag('cpu') ? ['cpu' as const] : [])];
  const ready: Array<{ name: BackendName; description: string }> = [];
  const skipped: string[] = [];
  for (const name of names) {
    try {
      const sel = await selectBackend(name, { fallback: false });
      ready.push({ name, description: describeBackend(sel) });
    } catch (err) {
      skipped.push(`${name}: ${(err as Error).message.replace(/^no TensorFlow.js backend could start: \S+: /, '')}`);
    }
  }
  return { ready, skipped };
}

async function main(): Promise<void> {
  const cores = os.availableParallelism();
  const loadBefore = os.loadavg()[0]!;
  const py = findPython('torch');
  const { ready, skipped } = await backends();
  const sel0 = await selectBackend(ready[0]!.name);
  await header('training throughput, TensorFlow.js vs PyTorch CPU', [
    ['tfjs', Object.entries(sel0.versions).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['backends', `${ready.map((b) => b.description).join('; ')}${skipped.length ? `; skipped: ${skipped.join('; ')}` : ''}`],
    ['pytorch', py ? pythonVersions(py, ['torch', 'numpy']) : 'skipped: no python3 that imports torch (apt-get install -y python3-torch)'],
    ['method', `batch ${BATCH}, Adam, fixed random batch; ${STEPS} timed steps after ${WARMUP} warm-up (cpu: ${CPU_STEPS}, no warm-up); ${ROUNDS} alternating rounds, medians (min–max)`],
  ]);
  if (!py) console.log('peer skipped: torch is not importable (apt-get install -y python3-torch, or set TRAINYARD_PYTHON)\n');

  const ours = new Map<string, number[]>();
  const peer = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  let torchVersion = '';
  const threads = [...new Set([cores, 1])];
  for (let r = 0; r < ROUNDS; r++) {
    for (const b of ready) {
      const sel = await selectBackend(b.name, { fallback: false });
      for (const key of Object.keys(MODELS) as ModelKey[]) {
        const cpu = b.name === 'cpu';
        push(ours, `${key}|${b.name}`, await tfjsRate(sel, key, cpu ? CPU_STEPS : STEPS, cpu ? 0 : r === 0 ? WARMUP : 1));
      }
    }
    if (py) {
      const out = runPeer<PeerOut>(py, 'train_torch.py', ['--models', 'cnn,lstm', '--batch', String(BATCH), '--steps', String(STEPS), '--warmup', String(WARMUP), '--threads', threads.join(',')]);
      if (typeof out === 'string') {
        console.log(`peer round ${r + 1}: ${out}`);
      } else {
        torchVersion = out.torch;
        for (const x of out.results) push(peer, `${x.model}|${x.threads}`, x.samples_per_s);
      }
    }
  }

  const fmt = (xs: number[]) => `${median(xs).toFixed(1).padStart(7)} samples/s (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
  for (const key of Object.keys(MODELS) as ModelKey[]) {
    console.log(`\n${MODELS[key].label}`);
    for (const t of threads) {
      const p = peer.get(`${key}|${t}`);
      if (p) console.log(`  ${`pytorch ${torchVersion}, ${t} thread${t > 1 ? 's' : ''}`.padEnd(34)} ${fmt(p)}`);
    }
    for (const b of ready) {
      const xs = ours.get(`${key}|${b.name}`)!;
      const vs = threads.map((t) => {
        const p = peer.get(`${key}|${t}`);
        return p ? `${(median(xs) / median(p)).toFixed(2)}× torch ${t}T` : '';
      }).filter(Boolean).join(', ');
      console.log(`  ${`tfjs ${b.description}`.padEnd(34)} ${fmt(xs)}${vs ? `  ${vs}` : ''}`);
    }
  }
  console.log('');
  for (const b of ready.filter((x) => x.name !== 'cpu')) {
    const sel = await selectBackend(b.name, { fallback: false });
    const counts = [];
    for (const key of Object.keys(MODELS) as ModelKey[]) counts.push(`${MODELS[key].label}: ${await tfjsRate(sel, key, 0, 1, true)}`);
    console.log(`kernels:   calls per training step on ${b.name}: ${counts.join('; ')}`);
  }
  // The goal is PyTorch's throughput on these cores: against its faster setting (on a busy machine one thread often beats all).
  const best = ready.find((b) => b.name !== 'cpu');
  if (best && peer.size) {
    for (const key of Object.keys(MODELS) as ModelKey[]) {
      const [t, p] = threads.map((n) => [n, median(peer.get(`${key}|${n}`) ?? [0])] as const).sort((a, b) => b[1] - a[1])[0]!;
      const x = median(ours.get(`${key}|${best.name}`)!) / p;
      console.log(`target:    ${MODELS[key].label}, tfjs ${best.name} / PyTorch's best (${t} thread${t > 1 ? 's' : ''}) = ${x.toFixed(2)}× ${x >= 1 ? 'OK' : 'BELOW TARGET'}`);
    }
  }
  console.log(`load:      1-min load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after (above ~${cores}: something else competed for the cores; rerun)`);
}

await main();

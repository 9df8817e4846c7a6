/**
 * Peak RSS while training streams from a large train split. The same run
 * (image CNN on wasm, 32×32, batch 32, the same number of steps and
 * checkpoints) over a train split of 1,000 and of 100,000 samples: if the
 * pipeline held the dataset in memory, the second would need far more. The
 * samples point at the bundled shape PNGs (cycled), so only the split's size
 * changes, not the work per step. RSS is sampled after every step.
 *
 *   node bench/train-memory.bench.ts [--n 100000] [--steps 150]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrainConfig } from '../src/shared/training/config.ts';
import { selectBackend } from '../src/main/services/training/backend/select.ts';
import type { TrainItem, TrainingSet } from '../src/main/services/training/dataset.ts';
import { freshState, makeOptimizer, runLoop } from '../src/main/services/training/loop.ts';
import { buildPipeline } from '../src/main/services/training/pipeline.ts';
import { flag, fmt, line, removeDir, tempDir } from './lib.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = path.join(REPO, 'resources', 'sample-data', 'images');

function trainingSet(n: number): TrainingSet {
  const classes = fs.readdirSync(IMAGES).sort();
  const files = classes.flatMap((c, label) => fs.readdirSync(path.join(IMAGES, c)).sort().map((f) => ({ abs: path.join(IMAGES, c, f), label })));
  const item = (i: number): TrainItem => {
    const f = files[i % files.length]!;
    return { id: i + 1, key: `s/${String(i).padStart(7, '0')}`, label: f.label, value: null, abs: f.abs, text: null, format: 'png', meta: {} };
  };
  return {
    datasetId: 1, modality: 'image', task: 'classification', target: null, classes, columnTypes: {},
    train: Array.from({ length: n }, (_, i) => item(i)),
    validation: Array.from({ length: 64 }, (_, i) => item(i * 7)),
    test: [], fingerprint: 'bench',
  };
}

async function measure(n: number, steps: number): Promise<{ peakMiB: number; startMiB: number; perStepMs: number }> {
  const r = parseTrainConfig({ imageSize: 32, batchSize: 32, totalExamples: 32 * steps, checkpoints: 3, earlyStopping: false, seed: 1 });
  if (!r.ok) throw new Error(r.issues[0]!.message);
  const config = { ...r.config, modality: 'image' as const, model: 'cnn' as const };
  const { tf, tfl } = await selectBackend('wasm');
  const dir = tempDir('ty-mem-');
  try {
    const set = trainingSet(n);
    const startMiB = process.memoryUsage().rss / 2 ** 20;
    let peak = startMiB;
    const pipeline = await buildPipeline({ tf, tfl, set, config, model: 'cnn', dir, resume: false });
    const t0 = performance.now();
    await runLoop(tf, pipeline.model, makeOptimizer(tf, config.learningRate), pipeline.source, config, freshState(config), {
      regularization: pipeline.regularization,
      progress: () => {
        peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
      },
      saveEpoch: () => undefined,
      loadWeights: () => null,
    }, null);
    return { peakMiB: peak, startMiB, perStepMs: (performance.now() - t0) / steps };
  } finally {
    removeDir(dir);
  }
}

const N = flag('n', 100_000);
const STEPS = flag('steps', 150);
if (process.argv.includes('--child')) {
  const n = flag('size', N);
  process.stdout.write(JSON.stringify(await measure(n, STEPS)));
} else {
  console.log(`# train-memory: peak RSS of a ${STEPS}-step image CNN run (wasm) over train splits of 1,000 and ${N.toLocaleString()} samples`);
  // Each size in a fresh process, so one's heap does not inflate the other's figure.
  const run = (size: number): { peakMiB: number; startMiB: number; perStepMs: number } => {
    const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--size', String(size), '--steps', String(STEPS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (out.status !== 0) throw new Error(out.stderr);
    return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { peakMiB: number; startMiB: number; perStepMs: number };
  };
  const small = run(1000);
  const large = run(N);
  line('train split 1,000', `peak RSS ${fmt(small.peakMiB, 0)} MiB`, `(at start ${fmt(small.startMiB, 0)} MiB, ${fmt(small.perStepMs, 0)} ms/step)`);
  line(`train split ${N.toLocaleString()}`, `peak RSS ${fmt(large.peakMiB, 0)} MiB`, `(at start ${fmt(large.startMiB, 0)} MiB, ${fmt(large.perStepMs, 0)} ms/step)`);
  line('ratio large / small', `${fmt(large.peakMiB / small.peakMiB, 2)}×`, '(bounded: near 1; the item list itself is ~100 bytes per sample)');
}

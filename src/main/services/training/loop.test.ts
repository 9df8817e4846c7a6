/**
 * The loop on the pure-JS cpu backend with a small dense model: it learns,
 * evaluation is deterministic, a run killed after epoch 2 and resumed from
 * its checkpoint ends with the weights of an uninterrupted run, early
 * stopping restores the best epoch, and NaN stops the run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig, type TrainConfigInput } from '../../../shared/training/config.ts';
import { createRng } from '../../../shared/rng.ts';
import type { CheckpointContent, NamedArray } from './checkpoint-files.ts';
import { evaluate, freshState, makeOptimizer, restoreOptimizer, runLoop, setWeightsFrom, type ArrayBatch, type BatchSource, type LoopState } from './loop.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Two Gaussian blobs in 4-D; a batch is a pure function of (cursor, size). */
function blobs(n: number, scale = 1): BatchSource {
  const rng = createRng(42);
  const xs = new Float32Array(n * 4);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ys[i] = i % 2;
    for (let j = 0; j < 4; j++) xs[i * 4 + j] = (ys[i] ? 1 : -1) * scale + rng.normal() * 0.8;
  }
  const slice = (idx: number[]): ArrayBatch => ({
    x: { data: Float32Array.from(idx.flatMap((i) => [...xs.subarray(i * 4, i * 4 + 4)])), shape: [idx.length, 4], dtype: 'float32' },
    y: Int32Array.from(idx.map((i) => ys[i]!)),
  });
  return {
    trainBatch: async (cursor, size) => slice(Array.from({ length: size }, (_, k) => (cursor + k) % n)),
    async *validationBatches(size) {
      for (let i = 0; i < n; i += size) yield slice(Array.from({ length: Math.min(size, n - i) }, (_, k) => i + k));
    },
  };
}

function model(seed = 1, dropout = 0): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  if (dropout) m.add(tfl.layers.dropout({ rate: dropout, seed }));
  m.add(tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  return m;
}

function config(over: TrainConfigInput = {}) {
  const r = parseTrainConfig({ totalExamples: 16 * 8 * 6, batchSize: 16, checkpoints: 6, learningRate: 0.05, earlyStopping: false, ...over });
  if (!r.ok) throw new Error(r.issues[0]!.message);
  return r.config;
}

function memoryHooks(crashAfter?: number) {
  const saved = new Map<number, CheckpointContent<LoopState>>();
  return {
    saved,
    saveEpoch(rec: { epoch: number }, content: CheckpointContent<LoopState>) {
      saved.set(rec.epoch, JSON.parse(JSON.stringify({ ...content, weights: [], optimizer: [] })) as CheckpointContent<LoopState>);
      saved.get(rec.epoch)!.weights = content.weights.map((w) => ({ ...w, data: w.data.slice() }));
      saved.get(rec.epoch)!.optimizer = content.optimizer.map((w) => ({ ...w, data: w.data.slice() }));
      if (rec.epoch === crashAfter) throw new Error('crash');
    },
    loadWeights: (epoch: number): NamedArray[] | null => saved.get(epoch)?.weights ?? null,
  };
}

const flat = (ws: NamedArray[]): number[] => ws.flatMap((w) => [...w.data]);

/** y = 2·x0 − x1 + 0.5·x2 + noise, standardised; targetStd 10 as if the target were in units 10× larger. */
function line(n: number): BatchSource {
  const rng = createRng(7);
  const xs = new Float32Array(n * 4);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) xs[i * 4 + j] = rng.normal();
    ys[i] = (2 * xs[i * 4]! - xs[i * 4 + 1]! + 0.5 * xs[i * 4 + 2]! + rng.normal() * 0.1) / 2.3;
  }
  const slice = (idx: number[]): ArrayBatch => ({
    x: { data: Float32Array.from(idx.flatMap((i) => [...xs.subarray(i * 4, i * 4 + 4)])), shape: [idx.length, 4], dtype: 'float32' },
    y: Float32Array.from(idx.map((i) => ys[i]!)),
  });
  return {
    targetStd: 10,
    trainBatch: async (cursor, size) => slice(Array.from({ length: size }, (_, k) => (cursor + k) % n)),
    async *validationBatches(size) {
      for (let i = 0; i < n; i += size) yield slice(Array.from({ length: Math.min(size, n - i) }, (_, k) => i + k));
    },
  };
}

describe('training loop', () => {
  it('fits a regression with MSE and reports MAE and RMSE in the target\'s units and R²', async () => {
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [4], units: 1, activation: 'linear', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
    const cfg = config();
    const src = line(200);
    const r = await runLoop(tf, m, makeOptimizer(tf, cfg.learningRate), src, cfg, freshState(cfg), memoryHooks(), null);
    const first = r.state.history[0]!.metrics;
    const last = r.state.history.at(-1)!.metrics;
    expect(Object.keys(last).sort()).toEqual(['loss', 'lr', 'mae', 'val_loss', 'val_mae', 'val_r2', 'val_rmse']);
    expect(last.val_r2).toBeGreaterThan(0.98);
    expect(last.val_loss).toBeLessThan(first.val_loss!);
    // Independent check of the reported numbers from the model's own predictions.
    const xs: number[][] = [];
    const ys: number[] = [];
    for await (const b of src.validationBatches(64)) {
      const d = Array.from(b.x.data);
      for (let i = 0; i < b.y.length; i++) xs.push(d.slice(i * 4, i * 4 + 4));
      ys.push(...b.y);
    }
    const pred = (m.predict(tf.tensor2d(xs)) as tf.Tensor).dataSync();
    const err = ys.map((y, i) => pred[i]! - y);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    expect(last.val_mae).toBeCloseTo((err.reduce((a, e) => a + Math.abs(e), 0) / ys.length) * 10, 4);
    expect(last.val_rmse).toBeCloseTo(Math.sqrt(err.reduce((a, e) => a + e * e, 0) / ys.length) * 10, 4);
    expect(last.val_r2).toBeCloseTo(1 - err.reduce((a, e) => a + e * e, 0) / ys.reduce((a, y) => a + (y - mean) ** 2, 0), 4);
    expect(last.val_loss).toBeCloseTo(err.reduce((a, e) => a + e * e, 0) / ys.length, 5);
  });

  it('learns two blobs and records one history entry per virtual epoch', async () => {
    const m = model();
    const cfg = config();
    const r = await runLoop(tf, m, makeOptimizer(tf, cfg.learningRate), blobs(200), cfg, freshState(cfg), memoryHooks(), null);
    expect(r.state.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.state.step).toBe(48);
    expect(r.state.history.at(-1)!.metrics.val_accuracy).toBeGreaterThan(0.9);
    expect(r.state.history.at(-1)!.metrics.loss).toBeLessThan(r.state.history[0]!.metrics.loss!);
  });

  it('evaluates in inference mode: the same batch twice gives identical outputs, training mode with dropout does not', async () => {
    const m = model(3, 0.5);
    const src = blobs(64);
    const a = await evaluate(tf, m, src, 32);
    const b = await evaluate(tf, m, src, 32);
    expect(a).toEqual(b);
    const x = tf.randomNormal([8, 4], 0, 1, 'float32', 5);
    const inf = (m.predict(x) as tf.Tensor).arraySync();
    const train = (m.apply(x, { training: true }) as tf.Tensor).arraySync();
    expect(train).not.toEqual(inf);
    expect((m.predict(x) as tf.Tensor).arraySync()).toEqual(inf);
  });

  it('resumes from the epoch-2 checkpoint to the weights of an uninterrupted run (1e-5)', async () => {
    const cfg = config({ reduceLrOnPlateau: { monitor: 'val_loss', factor: 0.5, patience: 1, minLr: 0.001 } });
    const full = model(7);
    await runLoop(tf, full, makeOptimizer(tf, cfg.learningRate), blobs(120), cfg, freshState(cfg), memoryHooks(), null);

    const first = model(7);
    const crashing = memoryHooks(2);
    await expect(runLoop(tf, first, makeOptimizer(tf, cfg.learningRate), blobs(120), cfg, freshState(cfg), crashing, null)).rejects.toThrow('crash');
    const ckpt = crashing.saved.get(2)!;
    const resumed = model(99); // different init: everything must come from the checkpoint
    setWeightsFrom(tf, resumed, ckpt.weights);
    const opt = makeOptimizer(tf, ckpt.state.lr);
    await restoreOptimizer(tf, opt, ckpt.optimizer);
    const r = await runLoop(tf, resumed, opt, blobs(120), cfg, ckpt.state, memoryHooks(), null);
    expect(r.state.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const a = flat(full.getWeights().map((t, i) => ({ name: String(i), shape: t.shape, dtype: 'float32' as const, data: t.dataSync() as Float32Array })));
    const b = flat(resumed.getWeights().map((t, i) => ({ name: String(i), shape: t.shape, dtype: 'float32' as const, data: t.dataSync() as Float32Array })));
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
  });

  it('stops early and restores the best epoch when validation stops improving', async () => {
    const cfg = config({ learningRate: 0.5, totalExamples: 16 * 4 * 20, checkpoints: 20, earlyStopping: { monitor: 'val_loss', patience: 2, minDelta: 0.5, restoreBest: true } });
    const m = model(2);
    const hooks = memoryHooks();
    const r = await runLoop(tf, m, makeOptimizer(tf, cfg.learningRate), blobs(100), cfg, freshState(cfg), hooks, null);
    expect(r.stoppedEarly).toMatch(/val_loss did not improve/);
    expect(r.state.epoch).toBeLessThan(20);
    expect(r.restoredEpoch).toBe(r.state.early.bestEpoch);
    expect(flat(m.getWeights().map((t) => ({ name: '', shape: t.shape, dtype: 'float32' as const, data: t.dataSync() as Float32Array })))).toEqual(flat(hooks.saved.get(r.restoredEpoch!)!.weights));
  });

  it('stops with a clear error when the loss becomes NaN', async () => {
    const cfg = config();
    const src = blobs(50);
    const poisoned: BatchSource = { ...src, trainBatch: async (c, s, e) => {
      const b = await src.trainBatch(c, s, e);
      if (c >= 32) b.x.data[0] = NaN;
      return b;
    } };
    await expect(runLoop(tf, model(), makeOptimizer(tf, cfg.learningRate), poisoned, cfg, freshState(cfg), memoryHooks(), null)).rejects.toThrow(/NaN at step 3/);
  });
});

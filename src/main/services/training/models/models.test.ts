/**
 * Every baseline builds from its spec, has the right output shape and
 * learns on the wasm backend (a few Adam steps on random data lower the
 * loss); inference is deterministic, dropout acts only while training and
 * draws a fresh, replayable mask each step; the same seed gives the same
 * initial weights.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../../shared/training/models.ts';
import { selectBackend, type Tf, type Tfl } from '../backend/select.ts';
import { buildModel, regularizationLoss, trainingLoss } from './build.ts';
import { autoConvDepth, poolPlan } from './conv.ts';
import { topFeatures } from './dense.ts';

let tf: Tf;
let tfl: Tfl;

beforeAll(async () => {
  await selectBackend('cpu', { fallback: false });
  ({ tf, tfl } = await selectBackend('wasm', { fallback: false }));
});

const SPECS: ModelSpec[] = [
  { model: 'cnn', inputShape: [16, 16, 3], outputs: 3, seed: 1 },
  { model: 'mfcc-cnn', inputShape: [20, 13], outputs: 3, seed: 1 },
  { model: 'lstm', inputShape: [10], vocabSize: 50, outputs: 3, seed: 1, options: { embeddingDim: 16, width: 16 } },
  { model: 'mfcc-lstm', inputShape: [10, 13], outputs: 3, seed: 1, options: { width: 16 } },
  { model: 'bow-logreg', inputShape: [40], outputs: 3, seed: 1, options: { dropout: 0.2 } },
  { model: 'linear', inputShape: [6], outputs: 3, seed: 1 },
  { model: 'linear', inputShape: [6], outputs: 1, task: 'regression', seed: 1 },
  { model: 'mlp', inputShape: [6], outputs: 3, seed: 1 },
  { model: 'mlp', inputShape: [6], outputs: 2, task: 'regression', seed: 1 },
];

const label = (s: ModelSpec) => `${s.model}${s.task === 'regression' ? ' (regression)' : ''}`;

function batch(spec: ModelSpec, n: number, seed = 3): { x: TfCore.Tensor; y: TfCore.Tensor } {
  const x = spec.model === 'lstm'
    ? tf.randomUniform([n, ...spec.inputShape], 0, spec.vocabSize!, 'int32', seed)
    : tf.randomNormal([n, ...spec.inputShape], 0, 1, 'float32', seed);
  const y = spec.task === 'regression'
    ? tf.randomNormal([n, spec.outputs], 0, 1, 'float32', seed + 1)
    : tf.randomUniform([n], 0, spec.outputs, 'int32', seed + 1);
  return { x, y };
}

async function weights(m: LayersModel): Promise<Float32Array[]> {
  return Promise.all(m.getWeights().map(async (w) => Float32Array.from(await w.data())));
}

describe('baseline models on wasm', () => {
  it.each(SPECS.map((s) => [label(s), s] as const))('%s: output shape, and a few Adam steps lower the loss', (_, spec) => {
    const model = buildModel(tf, tfl, spec);
    const { x, y } = batch(spec, 16);
    expect(model.predict(x) as TfCore.Tensor).toHaveProperty('shape', [16, spec.outputs]);
    const opt = tf.train.adam(0.01);
    const losses: number[] = [];
    for (let s = 0; s < 12; s++) {
      const l = opt.minimize(() => trainingLoss(tf, model, spec, model.apply(x, { training: true }) as TfCore.Tensor, y), true)!;
      losses.push(l.dataSync()[0]!);
      l.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect((losses.at(-1)! + losses.at(-2)!) / 2).toBeLessThan(losses[0]! * 0.9);
    opt.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });

  it.each(SPECS.map((s) => [label(s), s] as const))('%s: evaluating a batch twice gives identical outputs', (_, spec) => {
    const model = buildModel(tf, tfl, spec);
    const { x, y } = batch(spec, 8);
    // A training step first, so batch-norm statistics and the dropout counter have moved.
    const opt = tf.train.adam(0.01);
    opt.minimize(() => trainingLoss(tf, model, spec, model.apply(x, { training: true }) as TfCore.Tensor, y));
    const a = (model.predict(x) as TfCore.Tensor).dataSync();
    const b = (model.apply(x, { training: false }) as TfCore.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    model.dispose();
  });

  it.each(SPECS.map((s) => [label(s), s] as const))('%s: the same seed gives identical initial weights, another seed others', async (_, spec) => {
    const [a, b, c] = [spec, spec, { ...spec, seed: 2 }].map((s) => buildModel(tf, tfl, s));
    const [wa, wb, wc] = await Promise.all([a, b, c].map((m) => weights(m!)));
    expect(wb).toEqual(wa);
    expect(wc).not.toEqual(wa);
    [a, b, c].forEach((m) => m!.dispose());
  });
});

describe('dropout', () => {
  const spec: ModelSpec = { model: 'mlp', inputShape: [12], outputs: 3, seed: 5, options: { dropout: 0.5, width: 32, depth: 1 } };

  it('changes outputs in training mode only, with a fresh mask every step', () => {
    const model = buildModel(tf, tfl, spec);
    const { x } = batch(spec, 4);
    const infer = Array.from((model.apply(x, { training: false }) as TfCore.Tensor).dataSync());
    const t1 = Array.from((model.apply(x, { training: true }) as TfCore.Tensor).dataSync());
    const t2 = Array.from((model.apply(x, { training: true }) as TfCore.Tensor).dataSync());
    expect(t1).not.toEqual(infer);
    expect(t2).not.toEqual(t1);
    expect(Array.from((model.predict(x) as TfCore.Tensor).dataSync())).toEqual(infer);
  });

  it('keeps its step in the weights, so a restored checkpoint draws the masks again', () => {
    const model = buildModel(tf, tfl, spec);
    const { x } = batch(spec, 4);
    const step = model.weights.find((w) => w.originalName.endsWith('dropout1/step'));
    expect(step?.trainable).toBe(false);
    model.apply(x, { training: true });
    const saved = model.getWeights().map((w) => tf.clone(w));
    const next = Array.from((model.apply(x, { training: true }) as TfCore.Tensor).dataSync());
    model.apply(x, { training: true });
    model.setWeights(saved);
    expect(Array.from((model.apply(x, { training: true }) as TfCore.Tensor).dataSync())).toEqual(next);
  });

  it('draws the same masks on cpu and on wasm', async () => {
    const outputs: number[][] = [];
    for (const b of ['cpu', 'wasm']) {
      await tf.setBackend(b);
      const model = buildModel(tf, tfl, spec);
      const { x } = batch(spec, 4);
      outputs.push(Array.from((model.apply(x, { training: true }) as TfCore.Tensor).dataSync()));
    }
    outputs[1]!.forEach((v, i) => expect(v).toBeCloseTo(outputs[0]![i]!, 5));
  });
});

describe('sizing and knobs', () => {
  it('sizes the CNN to its input: fewer blocks and no pooling of short axes', () => {
    expect([8, 16, 28, 32, 64, 224].map(autoConvDepth)).toEqual([1, 2, 2, 3, 3, 3]);
    expect(poolPlan(98, 13, 3)).toEqual([[2, 2], [2, 1], [2, 1]]);
    const small = buildModel(tf, tfl, { model: 'cnn', inputShape: [8, 8, 1], outputs: 2, seed: 0 });
    const large = buildModel(tf, tfl, { model: 'cnn', inputShape: [64, 64, 3], outputs: 4, seed: 0 });
    const convs = (m: LayersModel) => m.layers.filter((l) => l.name.startsWith('conv')).length;
    expect([convs(small), convs(large)]).toEqual([1, 3]);
    expect(large.getLayer('conv3').getWeights()[0]!.shape).toEqual([3, 3, 32, 64]);
  });

  it('adds the L2 penalty of the kernels when l2 > 0', () => {
    const on = buildModel(tf, tfl, { model: 'mlp', inputShape: [6], outputs: 2, seed: 0, options: { l2: 0.01 } });
    const off = buildModel(tf, tfl, { model: 'mlp', inputShape: [6], outputs: 2, seed: 0, options: { l2: 0 } });
    expect(regularizationLoss(tf, on).dataSync()[0]).toBeGreaterThan(0);
    expect(regularizationLoss(tf, off).dataSync()[0]).toBe(0);
  });

  it('rejects a bad spec naming the field', () => {
    expect(() => buildModel(tf, tfl, { model: 'cnn', inputShape: [16, 16], outputs: 3, seed: 0 })).toThrow(/inputShape: cnn takes \[height, width, channels\]/);
    expect(() => buildModel(tf, tfl, { model: 'lstm', inputShape: [10], outputs: 3, seed: 0 })).toThrow(/vocabSize/);
    expect(() => buildModel(tf, tfl, { model: 'cnn', inputShape: [8, 8, 1], outputs: 3, seed: 0, task: 'regression' })).toThrow(/task: cnn does classification/);
    expect(() => buildModel(tf, tfl, { model: 'mlp', inputShape: [4], outputs: 3, seed: 0, options: { widht: 3 } })).toThrow(/modelOptions.widht: unknown option/);
  });
});

describe('topFeatures', () => {
  it('names the words that push each class', () => {
    const names = ['awful', 'great', 'the', 'meh', 'cat', 'dog'];
    const spec: ModelSpec = { model: 'bow-logreg', inputShape: [names.length], outputs: 3, seed: 0, options: { l2: 0 } };
    const model = buildModel(tf, tfl, spec);
    // Class 0 texts contain "awful", class 1 "great", class 2 "meh"; all contain "the".
    const rows: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 30; i++) {
      const c = i % 3;
      rows.push([c === 0 ? 1 : 0, c === 1 ? 1 : 0, 1, c === 2 ? 1 : 0, i % 2, (i + 1) % 2]);
      ys.push(c);
    }
    const x = tf.tensor2d(rows);
    const y = tf.tensor1d(ys, 'int32');
    const opt = tf.train.adam(0.1);
    for (let s = 0; s < 60; s++) opt.minimize(() => trainingLoss(tf, model, spec, model.apply(x, { training: true }) as TfCore.Tensor, y));
    const top = topFeatures(model, names, 2);
    expect(top.map((t) => t[0]!.feature)).toEqual(['awful', 'great', 'meh']);
    expect(top.every((t) => t.length === 2 && t[0]!.weight > t[1]!.weight)).toBe(true);
    expect(() => topFeatures(model, names.slice(1))).toThrow(/5 feature names for 6/);
  });
});

/**
 * The text baseline with the fused LSTM layer, as training uses it: its
 * weights start where tfjs-layers' LSTM with the same seeds would, it
 * trains reproducibly on cpu and wasm, a run stopped and resumed from its
 * weights and optimizer state ends where an uninterrupted one does, a saved
 * model loads (by its registered class) and predicts the same, and a
 * training step stays at the kernel count it was built for.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../../shared/training/models.ts';
import { selectBackend, type Tf, type Tfl } from '../backend/select.ts';
import { buildModel, trainingLoss } from './build.ts';
import { registerTrainyardLayers, seeder } from './layers.ts';
import { FUSED_LSTM } from './lstm-layer.ts';

let tf: Tf;
let tfl: Tfl;

beforeAll(async () => {
  await selectBackend('cpu', { fallback: false });
  ({ tf, tfl } = await selectBackend('wasm', { fallback: false }));
});

const spec: ModelSpec = { model: 'lstm', inputShape: [12], vocabSize: 40, outputs: 3, seed: 7, options: { embeddingDim: 8, width: 6, depth: 2, dropout: 0.3, l2: 0.001 } };

function batch(seed: number): { x: TfCore.Tensor; y: TfCore.Tensor } {
  return { x: tf.randomUniform([5, 12], 0, 40, 'int32', seed), y: tf.randomUniform([5], 0, 3, 'int32', seed + 1) };
}

function train(model: LayersModel, opt: TfCore.Optimizer, steps: number, from = 0): void {
  for (let s = from; s < from + steps; s++) {
    const { x, y } = batch(100 + s);
    opt.minimize(() => trainingLoss(tf, model, spec, model.apply(x, { training: true }) as TfCore.Tensor, y))?.dispose();
    tf.dispose([x, y]);
  }
}

const arrays = (m: LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

function maxDiff(a: number[][], b: number[][]): number {
  expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
  return Math.max(...a.flatMap((w, i) => w.map((v, j) => Math.abs(v - b[i]![j]!))));
}

describe('text LSTM baseline with the fused layer', () => {
  it('names its weights as tfjs-layers does and starts from the seeded Glorot kernels and a zero bias', () => {
    const model = buildModel(tf, tfl, spec);
    expect(model.getLayer('lstm1').getClassName()).toBe(FUSED_LSTM);
    expect(model.weights.map((w) => w.name).filter((n) => n.startsWith('lstm'))).toEqual([
      'lstm1/kernel', 'lstm1/recurrent_kernel', 'lstm1/bias', 'lstm2/kernel', 'lstm2/recurrent_kernel', 'lstm2/bias',
    ]);
    const seed = seeder(spec.seed);
    const ref = tfl.layers.lstm({
      units: 6, recurrentActivation: 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed('lstm1/kernel') }),
      recurrentInitializer: tfl.initializers.glorotUniform({ seed: seed('lstm1/recurrent') }),
    });
    ref.apply(tfl.input({ shape: [12, 8] }));
    expect(arrays(model.getLayer('lstm1') as unknown as LayersModel)).toEqual(ref.getWeights().map((w) => Array.from(w.dataSync())));
    model.dispose();
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`${backend}: the same seed trains to the same weights, and a resumed run ends where an uninterrupted one does`, async () => {
      await tf.setBackend(backend);
      const run = () => {
        const model = buildModel(tf, tfl, spec);
        const opt = tf.train.adam(0.01);
        train(model, opt, 6);
        return { model, opt };
      };
      const a = run();
      const b = run();
      expect(arrays(b.model)).toEqual(arrays(a.model));

      // Stopped after 3 steps: weights (with the dropout step) and Adam's state into a fresh model and optimizer.
      const first = buildModel(tf, tfl, spec);
      const opt1 = tf.train.adam(0.01);
      train(first, opt1, 3);
      const saved = first.getWeights().map((w) => tf.clone(w));
      const slots = await opt1.getWeights();
      const powers = (['accBeta1', 'accBeta2'] as const).map((k) => (opt1 as unknown as Record<string, TfCore.Variable>)[k]!.dataSync()[0]!);
      const resumed = buildModel(tf, tfl, spec);
      resumed.setWeights(saved);
      const opt2 = tf.train.adam(0.01);
      await opt2.setWeights(slots);
      (['accBeta1', 'accBeta2'] as const).forEach((k, i) => (opt2 as unknown as Record<string, TfCore.Variable>)[k]!.assign(tf.scalar(powers[i]!)));
      train(resumed, opt2, 3, 3);
      expect(maxDiff(arrays(a.model), arrays(resumed))).toBeLessThan(1e-5);
      [a.model, b.model, first, resumed].forEach((m) => m.dispose());
    });
  }

  it('trains to the same weights on cpu and on wasm (1e-4)', async () => {
    const out: number[][][] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const model = buildModel(tf, tfl, spec);
      train(model, tf.train.adam(0.01), 4);
      out.push(arrays(model));
      model.dispose();
    }
    expect(maxDiff(out[0]!, out[1]!)).toBeLessThan(1e-4);
  });

  it('saves and loads as a Keras model JSON with its class registered, predicting the same', async () => {
    await tf.setBackend('wasm');
    const model = buildModel(tf, tfl, spec);
    train(model, tf.train.adam(0.01), 2);
    let artifacts: TfCore.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    registerTrainyardLayers(tf, tfl);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.getLayer('lstm2').getClassName()).toBe(FUSED_LSTM);
    const { x } = batch(1);
    expect(Array.from((loaded.predict(x) as TfCore.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as TfCore.Tensor).dataSync()));
    model.dispose();
    loaded.dispose();
  });

  it('runs a wasm training step of the benchmark model (length 64, LSTM 64) in under 500 kernel calls (tfjs-layers’ LSTM: ~6,500)', async () => {
    await tf.setBackend('wasm');
    const big: ModelSpec = { model: 'lstm', inputShape: [64], vocabSize: 500, outputs: 4, seed: 0, options: { embeddingDim: 64, width: 64, depth: 1, dropout: 0.2, l2: 0 } };
    const model = buildModel(tf, tfl, big);
    const x = tf.randomUniform([32, 64], 0, 500, 'int32', 1);
    const y = tf.randomUniform([32], 0, 4, 'int32', 2);
    const opt = tf.train.adam(0.001);
    const step = () => opt.minimize(() => trainingLoss(tf, model, big, model.apply(x, { training: true }) as TfCore.Tensor, y))?.dispose();
    step();
    let calls = 0;
    const wrapped = tf.getKernelsForBackend('wasm').map((k) => {
      tf.unregisterKernel(k.kernelName, 'wasm');
      tf.registerKernel({ ...k, kernelFunc: (args) => (calls++, k.kernelFunc(args)) });
      return k;
    });
    try {
      step();
    } finally {
      for (const k of wrapped) {
        tf.unregisterKernel(k.kernelName, 'wasm');
        tf.registerKernel(k);
      }
    }
    // Per time step a matmul forward and one backward (the element-wise work is the SIMD cell's, not a kernel).
    expect(calls).toBeGreaterThan(2 * 63);
    expect(calls).toBeLessThan(500);
    model.dispose();
  });
});

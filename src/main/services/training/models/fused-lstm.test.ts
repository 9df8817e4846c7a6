/**
 * The fused LSTM against tfjs-layers' own LSTM (logistic gates) holding the
 * same weights: outputs to 1e-5, and gradients with respect to the inputs,
 * the kernel, the recurrent kernel and the bias to 1e-4, on random inputs
 * of several shapes, last state and whole sequence, on cpu and on wasm
 * (units in fours there: the SIMD cell, lstm-wasm-cell.ts).
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/rng.ts';
import { selectBackend, type Tf, type Tfl } from '../backend/select.ts';
import { fusedLstm, lstmInference } from './fused-lstm.ts';

let tf: Tf;
let tfl: Tfl;

beforeAll(async () => {
  await selectBackend('cpu', { fallback: false });
  ({ tf, tfl } = await selectBackend('wasm', { fallback: false }));
});

function random(shape: number[], seed: number, scale = 1): TfCore.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.uniform(-scale, scale)), shape);
}

function worst(a: TfCore.Tensor, b: TfCore.Tensor): number {
  expect(b.shape).toEqual(a.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let w = 0;
  for (let i = 0; i < x.length; i++) w = Math.max(w, Math.abs(x[i]! - y[i]!));
  return w;
}

interface Case {
  batch: number;
  steps: number;
  dim: number;
  units: number;
  seq: boolean;
}

const cases: Case[] = [
  { batch: 3, steps: 5, dim: 4, units: 6, seq: false },
  { batch: 2, steps: 7, dim: 3, units: 4, seq: true },
  { batch: 4, steps: 12, dim: 8, units: 5, seq: false },
  { batch: 1, steps: 2, dim: 2, units: 3, seq: false },
  { batch: 2, steps: 3, dim: 5, units: 2, seq: true },
  // Units in fours: the SIMD cell on wasm (kernels on cpu).
  { batch: 3, steps: 6, dim: 5, units: 8, seq: false },
  { batch: 2, steps: 4, dim: 3, units: 4, seq: true },
  { batch: 5, steps: 2, dim: 4, units: 12, seq: false },
];

/** Outputs and gradients (x, kernel, recurrent, bias) of tfjs-layers' LSTM and of the fused one, same weights. */
function compare(c: Case, seed: number): { y: number; grads: number[]; inference: number } {
  // Glorot, not the default orthogonal recurrent initialiser (a QR in tfjs that fails here); the weights are replaced anyway.
  const layer = tfl.layers.lstm({ units: c.units, recurrentActivation: 'sigmoid', returnSequences: c.seq, recurrentInitializer: 'glorotUniform' });
  const xv = tf.variable(random([c.batch, c.steps, c.dim], seed));
  const out = tf.tidy(() => {
    const x = xv as TfCore.Tensor;
    const w = [random([c.dim, 4 * c.units], seed + 1), random([c.units, 4 * c.units], seed + 2), random([4 * c.units], seed + 3, 0.5)];
    const r = random(c.seq ? [c.batch, c.steps, c.units] : [c.batch, c.units], seed + 4);
    const refY = layer.apply(x) as TfCore.Tensor;
    layer.setWeights(w);
    const ref = () => tf.sum(tf.mul(layer.apply(xv) as TfCore.Tensor, r)) as TfCore.Scalar;
    refY.dispose();
    const vars = [xv, ...layer.trainableWeights.map((v) => v.read() as TfCore.Variable)];
    const refGrads = tf.variableGrads(ref, vars).grads;
    const refList = vars.map((v) => refGrads[v.name]!);
    const [wk, wr, wb] = w as [TfCore.Tensor, TfCore.Tensor, TfCore.Tensor];
    const y = fusedLstm(tf, x, wk, wr, wb, c.seq);
    const grads = tf.grads((a: TfCore.Tensor, b: TfCore.Tensor, d: TfCore.Tensor, e: TfCore.Tensor) => tf.sum(tf.mul(fusedLstm(tf, a, b, d, e, c.seq), r)))([x, wk, wr, wb]);
    return {
      y: worst(layer.apply(x) as TfCore.Tensor, y),
      grads: grads.map((g, i) => worst(refList[i]!, g)),
      inference: worst(layer.apply(x) as TfCore.Tensor, lstmInference(tf, x, wk, wr, wb, c.seq)),
    };
  });
  layer.dispose();
  xv.dispose();
  return out;
}

describe('fused LSTM', () => {
  for (const backend of ['cpu', 'wasm']) {
    it.each(cases)(`${backend}: matches tfjs-layers' LSTM, B $batch, T $steps, E $dim, H $units, sequences $seq`, async (c) => {
      await tf.setBackend(backend);
      const d = compare(c, 10 * c.steps + c.units);
      expect(d.y).toBeLessThan(1e-5);
      expect(d.inference).toBeLessThan(1e-5);
      for (const g of d.grads) expect(g).toBeLessThan(1e-4);
    });
  }

  it.each([2, 4])('keeps no tensors after a forward and backward pass (units %i; one step: no recurrent gradient)', async (units) => {
    await tf.setBackend('wasm');
    for (const steps of [4, 1]) {
      const [x, k, r, b] = [random([2, steps, 3], 1), random([3, 4 * units], 2), random([units, 4 * units], 3), random([4 * units], 4)];
      const before = tf.memory().numTensors;
      const dr = tf.tidy(() => {
        lstmInference(tf, x!, k!, r!, b!, false);
        return tf.grads((...a: TfCore.Tensor[]) => tf.sum(fusedLstm(tf, a[0]!, a[1]!, a[2]!, a[3]!, true)))([x!, k!, r!, b!])[2]!;
      });
      expect(tf.memory().numTensors).toBe(before + 1);
      if (steps === 1) expect(Array.from(dr.dataSync()).every((v) => v === 0)).toBe(true);
      tf.dispose([x!, k!, r!, b!, dr]);
    }
  });
});

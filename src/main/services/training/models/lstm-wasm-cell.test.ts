/**
 * The assembled SIMD cell on the wasm backend, one step by hand: its
 * sigmoid against Math.exp over the whole float range (saturating at both
 * ends, no NaN), and the cell state and output against the formulas.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, type Tf } from '../backend/select.ts';
import { wasmCell } from './lstm-wasm-cell.ts';

let tf: Tf;

beforeAll(async () => {
  await selectBackend('cpu', { fallback: false });
  tf = (await selectBackend('wasm', { fallback: false })).tf;
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('SIMD LSTM cell', () => {
  it('is not offered on cpu', async () => {
    await tf.setBackend('cpu');
    expect(wasmCell(tf)).toBeNull();
    await tf.setBackend('wasm');
  });

  it('computes gates, cell state and output of one step (batch 2, units 4 × 64 values each)', () => {
    const cell = wasmCell(tf)!;
    expect(cell).not.toBeNull();
    const [batch, units] = [2, 256];
    const gates = 4 * units;
    // Pre-activations from −120 to 120 (past exp's range both ways), split between the input and the h·U part.
    const z = Float32Array.from({ length: batch * gates }, (_, i) => -120 + (240 * i) / (batch * gates - 1));
    const p = tf.tensor2d(z.map((v) => v * 0.75), [batch, gates]);
    const hu = tf.tensor2d(z.map((v) => v * 0.25), [batch, gates]);
    const cp = tf.tensor2d(Float32Array.from({ length: batch * units }, (_, i) => Math.sin(i)), [batch, units]);
    const out = [gates, units, units, units, units].map((n) => tf.zeros([batch, n]));
    const [s, c2, sc, hh, cur] = out as [TfCore.Tensor, TfCore.Tensor, TfCore.Tensor, TfCore.Tensor, TfCore.Tensor];
    const h4 = 4 * units;
    cell.forward(cell.ptr(p), cell.ptr(hu), 4 * h4, cell.ptr(cp), h4, cell.ptr(s), cell.ptr(c2), cell.ptr(sc), cell.ptr(hh), cell.ptr(cur), batch, h4, 4 * h4, h4);
    const [sv, c2v, scv, hhv, curv] = out.map((t) => t.dataSync());
    const cpv = cp.dataSync();
    let worst = 0;
    sv!.forEach((v, i) => {
      expect(Number.isFinite(v)).toBe(true);
      worst = Math.max(worst, Math.abs(v - sigmoid(z[i]!)));
    });
    expect(worst).toBeLessThan(3e-7);
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < units; j++) {
        const g = (k: number) => sv![b * gates + k * units + j]!;
        const want = g(0) * (4 * g(2) - 2) + g(1) * cpv[b * units + j]!;
        const at = b * units + j;
        expect(c2v![at]).toBeCloseTo(want, 5);
        expect(scv![at]).toBeCloseTo(sigmoid(c2v![at]!), 6);
        expect(hhv![at]).toBeCloseTo(g(3) * (scv![at]! - 0.5), 6);
        expect(curv![at]).toBe(hhv![at]);
      }
    }
    tf.dispose([p, hu, cp, ...out]);
  });
});

/**
 * The kernels added to wasm give the cpu backend's gradients (to 1e-4) on
 * seeded random inputs over strides, paddings, kernel sizes, channel counts
 * and non-square shapes. tfjs has one active backend per thread, so each
 * case computes on cpu, switches to wasm, computes again and compares.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/rng.ts';
import { selectBackend, type Tf } from './select.ts';
import { WASM_TRAINING_KERNELS } from './wasm-kernels.ts';

let tf: Tf;

beforeAll(async () => {
  await selectBackend('cpu', { fallback: false });
  tf = (await selectBackend('wasm', { fallback: false })).tf;
});

function random(shape: number[], seed: number): { data: Float32Array; shape: number[] } {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { data: Float32Array.from({ length: n }, () => rng.uniform(-1, 1)), shape };
}

type Arrays = Float32Array[];

/** Runs `f` on cpu and on wasm over the same inputs; returns both results as arrays. */
async function onBoth(f: () => TfCore.Tensor[]): Promise<{ cpu: Arrays; wasm: Arrays }> {
  const run = async (backend: string): Promise<Arrays> => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const out = tf.tidy(f);
    const arrays = out.map((t) => t.dataSync() as Float32Array);
    tf.dispose(out);
    expect(tf.memory().numTensors).toBe(before);
    return arrays;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  return { cpu, wasm };
}

function expectClose(a: Arrays, b: Arrays, tol = 1e-4): void {
  const within = tol === 0 ? (w: number) => expect(w).toBe(0) : (w: number) => expect(w).toBeLessThan(tol);
  expect(b.length).toBe(a.length);
  a.forEach((x, i) => {
    const y = b[i]!;
    expect(y.length).toBe(x.length);
    let worst = 0;
    for (let j = 0; j < x.length; j++) worst = Math.max(worst, Math.abs(x[j]! - y[j]!));
    within(worst);
  });
}

interface ConvCase {
  x: [number, number, number, number];
  k: [number, number];
  out: number;
  stride: number | [number, number];
  pad: 'same' | 'valid' | number;
}

const convCases: ConvCase[] = [
  { x: [2, 8, 8, 3], k: [3, 3], out: 4, stride: 1, pad: 'same' },
  { x: [2, 8, 8, 3], k: [3, 3], out: 4, stride: 1, pad: 'valid' },
  { x: [3, 9, 7, 2], k: [3, 3], out: 5, stride: 2, pad: 'same' },
  { x: [3, 9, 7, 2], k: [3, 3], out: 5, stride: 2, pad: 'valid' },
  { x: [2, 11, 13, 4], k: [3, 3], out: 3, stride: 3, pad: 'same' },
  { x: [2, 11, 13, 4], k: [2, 3], out: 3, stride: 3, pad: 'valid' },
  { x: [1, 10, 6, 1], k: [5, 5], out: 2, stride: 1, pad: 'same' },
  { x: [4, 12, 5, 6], k: [1, 1], out: 8, stride: 2, pad: 'valid' },
  { x: [2, 6, 10, 3], k: [4, 2], out: 7, stride: [1, 2], pad: 'same' },
  // A numeric pad with unequal strides is left out: tfjs sizes its output with the row stride on both axes, so the forward pass already disagrees.
  { x: [2, 7, 9, 2], k: [3, 3], out: 3, stride: 2, pad: 1 },
  { x: [1, 16, 16, 8], k: [3, 3], out: 16, stride: 1, pad: 'same' },
];

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(convCases)('matches cpu: x $x, kernel $k → $out, stride $stride, pad $pad', async (c) => {
    const x = random(c.x, 1);
    const w = random([c.k[0], c.k[1], c.x[3], c.out], 2);
    const { cpu, wasm } = await onBoth(() => {
      const xt = tf.tensor4d(x.data, c.x);
      const wt = tf.tensor4d(w.data, w.shape as [number, number, number, number]);
      const y = tf.conv2d(xt, wt, c.stride, c.pad);
      // A random weighting of the outputs, so each output position has its own upstream gradient.
      const r = tf.tensor(random(y.shape, 3).data, y.shape);
      const [dx, dw] = tf.grads((a: TfCore.Tensor, b: TfCore.Tensor) => tf.sum(tf.mul(tf.conv2d(a as TfCore.Tensor4D, b as TfCore.Tensor4D, c.stride, c.pad), r)))([xt, wt]);
      return [y, dx!, dw!];
    });
    expectClose(cpu, wasm);
  });

  it('is registered for wasm, once however often a backend is selected', async () => {
    const before = tf.getKernelsForBackend('wasm').length;
    await selectBackend('wasm');
    expect(tf.getKernelsForBackend('wasm').length).toBe(before);
    for (const k of WASM_TRAINING_KERNELS) expect(tf.getKernel(k, 'wasm')).toBeDefined();
  });
});

describe('UnsortedSegmentSum on wasm', () => {
  it('matches cpu, dropping ids outside [0, numSegments)', async () => {
    const x = random([9, 3, 2], 4);
    const ids = Int32Array.from([0, 4, 2, 4, -1, 1, 7, 0, 4]);
    const { cpu, wasm } = await onBoth(() => [tf.unsortedSegmentSum(tf.tensor3d(x.data, [9, 3, 2]), tf.tensor1d(ids, 'int32'), 5)]);
    expectClose(cpu, wasm);
  });

  it('gives the embedding (gather) gradient of cpu', async () => {
    const table = random([50, 8], 5);
    const rng = createRng(6);
    const ids = Int32Array.from({ length: 4 * 12 }, () => rng.int(50));
    const up = random([4, 12, 8], 7);
    const { cpu, wasm } = await onBoth(() => {
      const t = tf.tensor2d(table.data, [50, 8]);
      const r = tf.tensor3d(up.data, [4, 12, 8]);
      const idx = tf.tensor2d(ids, [4, 12], 'int32');
      return [tf.grad((p: TfCore.Tensor) => tf.sum(tf.mul(tf.gather(p, idx), r)))(t)];
    });
    expectClose(cpu, wasm);
  });
});

describe('BatchMatMul (transposes done first) on wasm', () => {
  it.each([
    { a: [32, 64], b: [32, 256], ta: true, tb: false },
    { a: [32, 256], b: [64, 256], ta: false, tb: true },
    { a: [5, 3], b: [4, 5], ta: true, tb: true },
    { a: [2, 7, 3], b: [2, 4, 7], ta: true, tb: true },
    { a: [3, 6, 4], b: [1, 5, 4], ta: false, tb: true },
    { a: [6, 4], b: [4, 5], ta: false, tb: false },
  ])('matches cpu: $a × $b, transposeA $ta, transposeB $tb', async (c) => {
    const a = random(c.a, 13);
    const b = random(c.b, 14);
    const { cpu, wasm } = await onBoth(() => [tf.matMul(tf.tensor(a.data, c.a), tf.tensor(b.data, c.b), c.ta, c.tb)]);
    expectClose(cpu, wasm);
  });
});

describe('Tile (replaced) on wasm', () => {
  it.each([
    { shape: [1, 1, 1, 6], reps: [4, 5, 3, 1] },
    { shape: [2, 3], reps: [3, 2] },
    { shape: [3], reps: [4] },
    { shape: [2, 1, 3], reps: [1, 4, 1] },
    { shape: [2, 3, 2, 2, 2], reps: [2, 1, 2, 1, 2] },
  ])('matches cpu: $shape × $reps', async (c) => {
    const x = random(c.shape, 12);
    const { cpu, wasm } = await onBoth(() => [tf.tile(tf.tensor(x.data, c.shape), c.reps)]);
    expectClose(cpu, wasm, 0);
  });

  it('leaves int32 to the package kernel', async () => {
    const { cpu, wasm } = await onBoth(() => [tf.cast(tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 3]), 'float32')]);
    expectClose(cpu, wasm, 0);
  });
});

describe('MaxPoolGrad (replaced) and AvgPoolGrad on wasm', () => {
  const cases = [
    { shape: [2, 9, 7, 3], size: 2, stride: 2, pad: 'valid' as const },
    { shape: [2, 9, 7, 3], size: 3, stride: 2, pad: 'same' as const },
    { shape: [2, 8, 8, 4], size: 3, stride: 1, pad: 'same' as const },
    { shape: [1, 8, 10, 2], size: [2, 1] as [number, number], stride: [2, 1] as [number, number], pad: 'valid' as const },
    { shape: [2, 13, 6, 3], size: [3, 2] as [number, number], stride: [3, 2] as [number, number], pad: 'same' as const },
    // Channels in fours: the SIMD kernel (wasm-simd-pool-grad.ts).
    { shape: [2, 9, 7, 8], size: 3, stride: 2, pad: 'same' as const },
    { shape: [2, 8, 8, 16], size: 2, stride: 2, pad: 'valid' as const },
    { shape: [1, 13, 6, 4], size: [3, 2] as [number, number], stride: [3, 2] as [number, number], pad: 'same' as const },
    { shape: [2, 7, 9, 4], size: 3, stride: 1, pad: 'valid' as const },
  ];
  it.each(cases)('match cpu on values of both signs: $shape, size $size, stride $stride, $pad', async (c) => {
    const x = random(c.shape, 8);
    const { cpu, wasm } = await onBoth(() => {
      const xt = tf.tensor4d(x.data, c.shape as [number, number, number, number]);
      const y = tf.maxPool(xt, c.size, c.stride, c.pad);
      const r = tf.tensor(random(y.shape, 9).data, y.shape);
      const dmax = tf.grad((a: TfCore.Tensor) => tf.sum(tf.mul(tf.maxPool(a as TfCore.Tensor4D, c.size, c.stride, c.pad), r)))(xt);
      const davg = tf.grad((a: TfCore.Tensor) => tf.sum(tf.mul(tf.avgPool(a as TfCore.Tensor4D, c.size, c.stride, c.pad), r)))(xt);
      return [y, dmax, davg];
    });
    expectClose(cpu, wasm);
  });

  it.each([3, 8])('sends a tied window’s gradient to its first maximum, as cpu does (ReLU outputs tie at 0), %i channels', async (ch) => {
    const x = random([2, 8, 8, ch], 10);
    const { cpu, wasm } = await onBoth(() => {
      // Coarse values after a ReLU: many zeros and repeated values in a window.
      const xt = tf.relu(tf.round(tf.mul(tf.tensor4d(x.data, [2, 8, 8, ch]), 2)));
      const r = tf.tensor(random([2, 4, 4, ch], 11).data, [2, 4, 4, ch]);
      return [tf.grad((a: TfCore.Tensor) => tf.sum(tf.mul(tf.maxPool(a as TfCore.Tensor4D, 2, 2, 'valid'), r)))(xt)];
    });
    expectClose(cpu, wasm);
  });
});

describe('Slice, Unpack and SplitV (replaced) on wasm', () => {
  it.each([
    { shape: [64 * 4, 32], begin: [32, 0], size: [4, 32] },
    { shape: [8, 20], begin: [1, 5], size: [3, 10] },
    { shape: [4, 6, 5], begin: [1, 0, 0], size: [2, 6, 5] },
    { shape: [4, 6, 5], begin: [0, 2, 1], size: [4, 3, 3] },
    { shape: [3, 4, 5, 6], begin: [1, 1, 0, 2], size: [2, -1, 5, 4] },
    { shape: [2, 3, 2, 3, 4], begin: [0, 1, 1, 0, 1], size: [2, 2, 1, 3, 2] },
    { shape: [7], begin: [2], size: [0] },
  ])('Slice matches cpu: $shape from $begin, size $size', async (c) => {
    const x = random(c.shape, 15);
    const { cpu, wasm } = await onBoth(() => [
      tf.slice(tf.tensor(x.data, c.shape), c.begin, c.size),
      tf.cast(tf.slice(tf.tensor(x.data.map((v) => Math.round(v * 100)), c.shape, 'int32'), c.begin, c.size), 'float32'),
      tf.cast(tf.slice(tf.greater(tf.tensor(x.data, c.shape), 0), c.begin, c.size), 'float32'),
    ]);
    expectClose(cpu, wasm, 0);
  });

  it.each([
    { shape: [5, 3, 4], axis: 1 },
    { shape: [5, 3, 4], axis: 0 },
    { shape: [5, 3, 4], axis: -1 },
  ])('Unpack and SplitV match cpu: $shape along $axis', async (c) => {
    const x = random(c.shape, 16);
    const { cpu, wasm } = await onBoth(() => {
      const t = tf.tensor(x.data, c.shape);
      const n = c.shape.at(c.axis)!;
      return [...tf.unstack(t, c.axis), ...tf.split(t, [1, n - 1], c.axis), ...tf.split(tf.concat([t, t], c.axis), 2, c.axis)];
    });
    expectClose(cpu, wasm, 0);
  });
});

describe('Transpose, Sum, Mean and GatherV2 (replaced) on wasm', () => {
  it.each([
    { shape: [2048, 64], perm: [1, 0] },
    { shape: [301, 257], perm: [1, 0] },
    { shape: [64, 40, 30], perm: [2, 0, 1] },
    { shape: [1, 300, 1, 250], perm: [3, 2, 0, 1] },
    { shape: [5, 7, 3], perm: [1, 0, 2] },
    { shape: [4, 6, 5], perm: [0, 2, 1] },
    { shape: [3, 1, 4, 2], perm: [3, 1, 2, 0] },
    { shape: [2, 3, 2, 3, 2, 4], perm: [0, 1, 3, 5, 2, 4] },
    { shape: [4, 33, 35], perm: [2, 1, 0] },
    { shape: [3, 4], perm: [0, 1] },
    { shape: [1, 5, 1], perm: [2, 0, 1] },
  ])('Transpose matches cpu (ours for large 2-D transposes, else the package): $shape by $perm', async (c) => {
    const x = random(c.shape, 17);
    const { cpu, wasm } = await onBoth(() => [
      tf.transpose(tf.tensor(x.data, c.shape), c.perm),
      tf.cast(tf.transpose(tf.tensor(x.data.map((v) => Math.round(v * 100)), c.shape, 'int32'), c.perm), 'float32'),
    ]);
    expectClose(cpu, wasm, 0);
  });

  it.each([
    { shape: [2048, 256], axis: [0] },
    { shape: [4, 6, 5, 3], axis: [0, 1, 2] },
    { shape: [8, 16, 16, 8], axis: [2, 0, 1] },
    { shape: [3, 5, 7, 4], axis: [1, 2] },
    { shape: [3, 1, 1, 4], axis: [0, 1, 2] },
    { shape: [4, 6, 5], axis: [1] },
    { shape: [4, 6, 5], axis: [0, 2] },
    { shape: [4, 6, 5], axis: [2] },
  ])('Sum and Mean match cpu: $shape over $axis, with and without keepDims', async (c) => {
    const x = random(c.shape, 18);
    const { cpu, wasm } = await onBoth(() => {
      const t = tf.tensor(x.data, c.shape);
      return [tf.sum(t, c.axis), tf.sum(t, c.axis, true), tf.mean(t, c.axis), tf.mean(t, c.axis, true)];
    });
    expectClose(cpu, wasm);
    const shapes = await onBoth(() => [tf.tensor1d(tf.sum(tf.zeros(c.shape), c.axis, true).shape)]);
    expectClose(shapes.cpu, shapes.wasm, 0);
  });

  it.each([
    { shape: [50, 8], ids: [4, 12], axis: 0 },
    { shape: [6, 7, 3], ids: [5], axis: 1 },
    { shape: [4, 5], ids: [2, 3], axis: 1 },
  ])('GatherV2 matches cpu: $shape by ids $ids on axis $axis', async (c) => {
    const x = random(c.shape, 19);
    const rng = createRng(20);
    const ids = Int32Array.from({ length: c.ids.reduce((a, b) => a * b, 1) }, () => rng.int(c.shape[c.axis]!));
    const { cpu, wasm } = await onBoth(() => [tf.gather(tf.tensor(x.data, c.shape), tf.tensor(ids, c.ids, 'int32'), c.axis)]);
    expectClose(cpu, wasm, 0);
  });

  it('GatherV2 rejects an index out of range, as the package does', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([0, 3], 'int32'))).toThrow(/index value 3 is not in \[0, 2\]/);
  });
});

describe('Concat (replaced) on wasm', () => {
  it.each([
    { shapes: [[32, 64], [32, 64], [32, 64], [32, 64]], axis: 1 },
    { shapes: [[3, 4], [5, 4]], axis: 0 },
    { shapes: [[2, 3, 4], [2, 1, 4], [2, 0, 4], [2, 2, 4]], axis: 1 },
    { shapes: [[2, 3, 1], [2, 3, 2]], axis: -1 },
    { shapes: [[4, 2]], axis: 0 },
  ])('matches cpu: $shapes along $axis', async (c) => {
    const xs = c.shapes.map((s, i) => random(s, 21 + i));
    const { cpu, wasm } = await onBoth(() => [
      tf.concat(xs.map((x) => tf.tensor(x.data, x.shape)), c.axis),
      tf.cast(tf.concat(xs.map((x) => tf.tensor(x.data.map((v) => Math.round(v * 100)), x.shape, 'int32')), c.axis), 'float32'),
    ]);
    expectClose(cpu, wasm, 0);
  });
});

describe('Identity (replaced) on wasm', () => {
  it('shares the buffer: a clone outlives its source, and frees it with the last reference', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory();
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    const v = tf.variable(b);
    b.dispose();
    const next = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    v.assign(next);
    expect(Array.from(v.dataSync())).toEqual([5, 6, 7, 8]);
    tf.dispose([v, next]);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.memory().numTensors).toBe(before.numTensors);
  });
});

describe('Sum and Mean gradients (registered without a tensor of ones)', () => {
  it.each([
    { shape: [4, 6, 5, 3], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 6, 5], axis: [1], keepDims: true },
    { shape: [7], axis: [0], keepDims: false },
  ])('equal dy broadcast over the reduced axes (and divided by their size for Mean): $shape over $axis', async (c) => {
    const x = random(c.shape, 25);
    const reduced = c.shape.map((d, i) => (c.axis.includes(i) ? 1 : d));
    const w = random(reduced, 26);
    const n = c.axis.reduce((p, a) => p * c.shape[a]!, 1);
    const { cpu, wasm } = await onBoth(() => {
      const xt = tf.tensor(x.data, c.shape);
      const wt = tf.tensor(w.data, reduced);
      const weights = c.keepDims ? wt : tf.reshape(wt, reduced.filter((_, i) => !c.axis.includes(i)));
      const [ds] = tf.grads((a: TfCore.Tensor) => tf.sum(tf.mul(tf.sum(a, c.axis, c.keepDims), weights)))([xt]);
      const [dm] = tf.grads((a: TfCore.Tensor) => tf.sum(tf.mul(tf.mean(a, c.axis, c.keepDims), weights)))([xt]);
      const want = tf.mul(tf.ones(c.shape), wt);
      return [tf.sub(ds!, want), tf.sub(dm!, tf.div(want, n))];
    });
    for (const diffs of [cpu, wasm]) for (const d of diffs) expect(Math.max(...Array.from(d).map(Math.abs))).toBeLessThan(1e-6);
  });
});

describe('FusedBatchNorm (replaced) on wasm', () => {
  it.each([
    { shape: [2, 5, 4, 8], mean: [8], scale: true, offset: true },
    { shape: [3, 4, 6], mean: [6], scale: false, offset: true },
    { shape: [2, 3, 3, 4], mean: [1, 1, 1, 4], scale: true, offset: false },
  ])('matches cpu: $shape, mean $mean, scale $scale, offset $offset', async (c) => {
    const x = random(c.shape, 33);
    const params = [34, 35, 36, 37].map((s) => random(c.mean, s));
    const { cpu, wasm } = await onBoth(() => {
      const [mean, v, offset, scale] = params.map((p) => tf.tensor(p.data, p.shape)) as [TfCore.Tensor, TfCore.Tensor, TfCore.Tensor, TfCore.Tensor];
      return [tf.batchNorm(tf.tensor(x.data, c.shape), mean, tf.add(tf.abs(v), 0.5), c.offset ? offset : undefined, c.scale ? scale : undefined, 1e-3)];
    });
    expectClose(cpu, wasm, 1e-5);
  });
});

describe('FusedBatchNorm gradient (registered, fewer full-size tensors)', () => {
  it.each([
    { shape: [2, 5, 4, 8], mean: [8] },
    { shape: [3, 4, 6], mean: [6] },
    { shape: [2, 3, 3, 4], mean: [1, 1, 1, 4] },
  ])('equals tfjs’ formulas for x, mean, variance, offset and scale: $shape, mean $mean', async (c) => {
    const x = random(c.shape, 27);
    const r = random(c.shape, 28);
    const params = [29, 30, 31, 32].map((s) => random(c.mean, s));
    const { cpu, wasm } = await onBoth(() => {
      const xt = tf.tensor(x.data, c.shape);
      const rt = tf.tensor(r.data, c.shape);
      const [mean, v, offset, scale] = params.map((p) => tf.tensor(p.data, p.shape)) as [TfCore.Tensor, TfCore.Tensor, TfCore.Tensor, TfCore.Tensor];
      const variance = tf.add(tf.abs(v), 0.5);
      const eps = 1e-3;
      const got = tf.grads((a: TfCore.Tensor, m: TfCore.Tensor, va: TfCore.Tensor, o: TfCore.Tensor, s: TfCore.Tensor) =>
        tf.sum(tf.mul(tf.batchNorm(a, m, va, o, s, eps), rt)))([xt, mean, variance, offset, scale]);
      // tfjs-core's FusedBatchNorm_grad, written out.
      const dy = rt;
      const axes = tf.backend_util.getReductionAxes(mean.shape, c.shape);
      const red = (t: TfCore.Tensor) => tf.reshape(tf.sum(t, axes), mean.shape);
      const xm = tf.sub(xt, mean);
      const dys = tf.mul(dy, scale);
      const rs = tf.rsqrt(tf.add(variance, eps));
      const want = [
        tf.mul(tf.mul(dy, rs), scale),
        red(tf.mul(tf.mul(rs, -1), dys)),
        red(tf.mul(tf.mul(tf.mul(tf.mul(tf.mul(rs, rs), rs), -0.5), xm), dys)),
        red(dy),
        red(tf.mul(dy, tf.mul(xm, rs))),
      ];
      return got.map((g, i) => tf.sub(g, want[i]!));
    });
    for (const diffs of [cpu, wasm]) for (const d of diffs) expect(Math.max(...Array.from(d).map(Math.abs))).toBeLessThan(1e-4);
  });
});

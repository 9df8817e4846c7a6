/**
 * An LSTM computed as a few large tensors instead of tfjs-layers' per-step
 * cell: the input projection of all time steps is one matmul, each step is
 * one h·U matmul and the element-wise work on the packed [batch, 4·units]
 * gates, and the backward pass (written by hand below, as one customGrad
 * op) does per step one matmul and the element-wise work, and finds the
 * weight gradients with one matmul at the end. The element-wise work is
 * one call of the SIMD cell (lstm-wasm-cell.ts) on wasm when units are a
 * multiple of 4, else ~10 kernels forward and ~5 backward, called directly
 * (direct-kernels.ts) so the engine neither records nor tracks the small
 * tensors of a step. A wasm training step of the text baseline goes from
 * ~6,500 kernel calls to ~360 (~1,200 without the cell).
 *
 * Same maths as tfjs-layers' LSTM with `recurrentActivation: 'sigmoid'`
 * (the standard LSTM of TF 2 and PyTorch): gate columns i, f, c, o;
 * i, f, o = σ(z), c̃ = tanh(z), c' = f·c + i·c̃, h' = o·tanh(c'); state
 * starting at zero; no mask (padding ids run through the LSTM like any
 * token, as before). All four gates come out of one sigmoid: the candidate's
 * columns of the weights are doubled (z' = z·k, k = 2 there) and
 * tanh(z) = 2σ(2z) − 1; the cell state's tanh is a sigmoid the same way.
 *
 * Batch-major throughout, as the layers around it: the per-step tensors
 * come from one Unpack along the time axis (or are read in place by the
 * cell), and the steps are stacked back with one Concat (or written in
 * place), so no transposes of [B, T, ·].
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { DirectKernels, type Info } from './direct-kernels.ts';
import { wasmCell, type WasmCell } from './lstm-wasm-cell.ts';

type Tf = typeof TfCore;
type Tensor = TfCore.Tensor;

const MATMUL = { transposeA: false, transposeB: false };

/** A [4·units] vector holding one value per gate block (i, f, c, o). */
function perGate(tf: Tf, units: number, values: [number, number, number, number]): Tensor {
  const v = new Float32Array(4 * units);
  values.forEach((x, g) => v.fill(x, g * units, (g + 1) * units));
  return tf.tensor1d(v);
}

/** Column factors of the weights: z' = z·k, the candidate's doubled so that one sigmoid gives all gates. */
const K: [number, number, number, number] = [1, 1, 2, 1];

/** Element-wise and shape helpers over DirectKernels. */
function helpers(d: DirectKernels) {
  return {
    mul: (a: Info, b: Info) => d.call('Multiply', { a, b }),
    add: (a: Info, b: Info) => d.call('Add', { a, b }),
    sub: (a: Info, b: Info) => d.call('Sub', { a, b }),
    mm: (a: Info, b: Info, transposeB = false) => d.call('BatchMatMul', { a, b }, { ...MATMUL, transposeB }),
    reshape: (x: Info, shape: number[]) => d.call('Reshape', { x }, { shape }),
    transpose: (x: Info, perm: number[]) => d.call('Transpose', { x }, { perm }),
    concat: (xs: Info[], axis: number) => d.call('Concat', xs, { axis }),
    split: (x: Info, sizes: number | number[], axis = 1) => d.many('SplitV', { x }, { numOrSizeSplits: sizes, axis }),
    unstack: (x: Info, shape: number[], axis: number) => d.many('Unpack', { value: d.call('Reshape', { x }, { shape }) }, { axis }),
    slice: (x: Info, begin: number[], size: number[]) => d.call('Slice', { x }, { begin, size }),
    fill: (shape: number[], value: number) => d.call('Fill', {}, { shape, value, dtype: 'float32' }),
  };
}

interface ForwardResult {
  /** [B, H] last state, or [B, T, H] every state. */
  y: Tensor;
  /** Stacked over steps, batch-major: σ(z') [B, T·4H]; 2c, σ(2c) and h/2 [B, T·H]. */
  stacks?: Tensor[];
}

interface Dims {
  batch: number;
  steps: number;
  units: number;
  gates: number;
}

/** The recurrence with kernels: per step a matmul and ten element-wise kernels; the stacks by one Concat each. */
function stepsWithKernels(tf: Tf, d: DirectKernels, xw: Info, uk2: Info, { batch, steps, units, gates }: Dims): Info[] {
  const o = helpers(d);
  // σ(z')·[1, 1, 4, 1] − [0, 0, 2, 0] = [i, f, 2c̃, o].
  const scale = perGate(tf, units, [1, 1, 4, 1]);
  const shift = perGate(tf, units, [0, 0, 2, 0]);
  const half = tf.scalar(0.5);
  const inputs = o.unstack(xw, [batch, steps, gates], 1);
  const s: Info[] = [];
  const c2: Info[] = [];
  const sc: Info[] = [];
  const hh: Info[] = [];
  for (let t = 0; t < steps; t++) {
    const z = t === 0 ? inputs[0]! : o.add(inputs[t]!, o.mm(hh[t - 1]!, uk2));
    s.push(d.call('Sigmoid', { x: z }));
    const [gi, gf, gc2, go] = o.split(o.sub(o.mul(s[t]!, scale), shift), 4) as [Info, Info, Info, Info];
    const candidate = o.mul(gi, gc2);
    c2.push(t === 0 ? candidate : o.add(o.mul(gf, c2[t - 1]!), candidate));
    sc.push(d.call('Sigmoid', { x: c2[t]! }));
    hh.push(o.mul(go, o.sub(sc[t]!, half)));
  }
  // Steps side by side along axis 1: [B, T·n] is [B, T, n] batch-major.
  return [s, c2, sc, hh].map((ts) => o.concat(ts, 1));
}

/** The recurrence with the SIMD cell: per step a matmul and one call, writing the stacks in place. */
function stepsWithCell(cell: WasmCell, d: DirectKernels, xw: Info, uk2: Info, { batch, steps, units, gates }: Dims): Info[] {
  const o = helpers(d);
  const [h4, g4] = [4 * units, 4 * gates];
  const zeros = cell.ptr(o.fill([gates], 0));
  const stacks = [gates, units, units, units].map((n) => d.alloc([batch, steps * n]));
  const [s, c2, sc, hh] = stacks.map((t) => cell.ptr(t)) as [number, number, number, number];
  const p = cell.ptr(xw);
  let cur: Info | null = null;
  for (let t = 0; t < steps; t++) {
    const hu = cur && o.mm(cur, uk2);
    const next = d.alloc([batch, units]);
    cell.forward(
      p + t * g4, hu ? cell.ptr(hu) : zeros, hu ? g4 : 0, t ? c2 + (t - 1) * h4 : zeros, t ? steps * h4 : 0,
      s + t * g4, c2 + t * h4, sc + t * h4, hh + t * h4, cell.ptr(next), batch, h4, steps * g4, steps * h4,
    );
    cur = next;
  }
  return stacks;
}

/**
 * x [B, T, E] → states; with `keep`, also the stacks the backward pass
 * needs. The package's Tanh on wasm is a scalar loop (~10× its Sigmoid), so
 * the cell's tanh is a sigmoid too: the state is carried doubled (c2 = 2c,
 * tanh c = 2σ(c2) − 1), and h halved (hh = o·(σ(c2) − ½), with U doubled to
 * match), which costs one kernel more per step than a Tanh and far less time.
 */
function forward(tf: Tf, x: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor, returnSequences: boolean, keep: boolean): ForwardResult {
  const [batch, steps, dim] = x.shape as [number, number, number];
  const units = recurrent.shape[0]!;
  const gates = 4 * units;
  const k = perGate(tf, units, K);
  const d = new DirectKernels(tf);
  const o = helpers(d);
  try {
    const uk2 = o.mul(recurrent, perGate(tf, units, [2, 2, 4, 2]));
    const xs = o.reshape(x, [1, batch * steps, dim]);
    const xw = d.call('_FusedMatMul', { a: xs, b: o.reshape(o.mul(kernel, k), [1, dim, gates]), bias: o.mul(bias, k) }, { ...MATMUL, activation: 'linear' });
    const cell = units % 4 === 0 ? wasmCell(tf) : null;
    const dims = { batch, steps, units, gates };
    const stacks = cell ? stepsWithCell(cell, d, xw, uk2, dims) : stepsWithKernels(tf, d, xw, uk2, dims);
    const hh = stacks[3]!;
    const y = returnSequences ? o.reshape(hh, [batch, steps, units]) : o.reshape(o.slice(o.reshape(hh, [batch, steps, units]), [0, steps - 1, 0], [batch, 1, units]), [batch, units]);
    const result = { y: d.adopt(o.mul(y, tf.scalar(2))) };
    return keep ? { ...result, stacks: stacks.map((t) => d.adopt(t)) } : result;
  } finally {
    d.dispose();
  }
}

/**
 * dZ' [B·T, 4H] with kernels: the multipliers for all steps first, then per
 * step (backwards) a matmul and five element-wise kernels.
 */
function dzWithKernels(tf: Tf, d: DirectKernels, dy: Info, saved: { sg: Info; c2: Info; sc: Info }, ukT: Info, returnSequences: boolean, { batch, steps, units, gates }: Dims): Info {
  const o = helpers(d);
  const rows = batch * steps;
  const k = perGate(tf, units, K);
  const [one, two, half] = [1, 2, 0.5].map((v) => tf.scalar(v)) as [Tensor, Tensor, Tensor];
  const steps3 = (t: Info, n: number) => o.unstack(t, [batch, steps, n], 1);
  const flat = (t: Info, n: number) => o.reshape(t, [rows, n]);
  // For all steps at once: the gates, dA → dz' (k·σ'), the multipliers of [dc, dc, dc, dh], o·(1 − tanh²c) = 4·o·σ(c2)·(1 − σ(c2)).
  const s = flat(saved.sg, gates);
  const [gi, gf, gc, go] = o.split(o.sub(o.mul(s, k), perGate(tf, units, [0, 0, 1, 0])), 4) as [Info, Info, Info, Info];
  const dsig = o.mul(o.mul(s, o.sub(one, s)), k);
  const tanhC = o.sub(o.mul(flat(saved.sc, units), two), one);
  const q = steps3(o.mul(o.concat([gc, previous(o, saved.c2, half, { batch, steps, units, gates }), gi, tanhC], 1), dsig), gates);
  const od = steps3(o.mul(o.mul(go, flat(o.mul(saved.sc, o.sub(one, saved.sc)), units)), tf.scalar(4)), units);
  const f = steps3(gf, units);
  const dys = returnSequences ? steps3(dy, units) : null;
  const dz = new Array<Info>(steps);
  let dc: Info | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    let dh: Info | null = dys ? dys[t]! : t === steps - 1 ? dy : null;
    if (t < steps - 1) {
      const back = o.mm(dz[t + 1]!, ukT);
      dh = dh ? o.add(dh, back) : back;
    }
    dh ??= o.fill([batch, units], 0);
    const fromH = o.mul(dh, od[t]!);
    dc = dc ? o.add(fromH, o.mul(dc, f[t + 1]!)) : fromH;
    dz[t] = o.mul(o.concat([dc, dc, dc, dh], 1), q[t]!);
  }
  return o.reshape(o.concat(dz, 1), [rows, gates]);
}

/** dZ' [B·T, 4H] with the SIMD cell: per step (backwards) a matmul and one call, reading the stacks in place. */
function dzWithCell(cell: WasmCell, d: DirectKernels, dy: Info, saved: { sg: Info; c2: Info; sc: Info }, ukT: Info, returnSequences: boolean, { batch, steps, units, gates }: Dims): Info {
  const o = helpers(d);
  const [h4, g4] = [4 * units, 4 * gates];
  const zeros = cell.ptr(o.fill([gates], 0));
  const dcState = cell.ptr(o.fill([batch, units], 0));
  const dZ = d.alloc([batch * steps, gates]);
  const [s, c2, sc, dzs, dyp] = [saved.sg, saved.c2, saved.sc, dZ, dy].map((t) => cell.ptr(t)) as [number, number, number, number, number];
  let next: Info | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const back = next && o.mm(next, ukT);
    const [dyAt, dyRow] = returnSequences ? [dyp + t * h4, steps * h4] : t === steps - 1 ? [dyp, h4] : [zeros, 0];
    const dz = d.alloc([batch, gates]);
    cell.backward(
      dyAt, dyRow, back ? cell.ptr(back) : zeros, back ? h4 : 0, s + t * g4, steps * g4,
      t < steps - 1 ? s + (t + 1) * g4 : zeros, t < steps - 1 ? steps * g4 : 0, t ? c2 + (t - 1) * h4 : zeros, t ? steps * h4 : 0,
      sc + t * h4, steps * h4, dcState, cell.ptr(dz), dzs + t * g4, batch, h4,
    );
    next = dz;
  }
  return dZ;
}

/** A [B, T·n] stack moved one step later along T, zeros first, times `factor`: h_{t−1} or c_{t−1} for every step, [B·T, n]. */
function previous(o: ReturnType<typeof helpers>, t: Info, factor: Info, { batch, steps, units }: Dims): Info {
  const zeros = o.fill([batch, 1, units], 0);
  const moved = steps > 1 ? o.concat([zeros, o.slice(o.reshape(t, [batch, steps, units]), [0, 0, 0], [batch, steps - 1, units])], 1) : zeros;
  return o.reshape(o.mul(moved, factor), [batch * steps, units]);
}

/**
 * Gradients of the loss with respect to x, kernel, recurrent kernel and
 * bias, given dy (the gradient of y) and the forward stacks. With
 * A = [i, f, c̃, o] and z' the scaled pre-activations, per step (backwards):
 *   dh = dy_t + dz'_{t+1}·U'ᵀ
 *   dc = dh·o·(1 − tanh²c) + dc_{t+1}·f_{t+1}
 *   dz' = [dc, dc, dc, dh] · [c̃, c_{t−1}, i, tanh c] · k·σ'(z')
 * and then [dW; dU; db] = k·([X, H_{t−1}, 1]ᵀ dZ') in one matmul (XNNPACK
 * packs dZ' once, not three times), and dx = dZ' W'ᵀ.
 */
function backward(tf: Tf, dy: Tensor, saved: Tensor[], returnSequences: boolean): Tensor[] {
  const [x, kernel, recurrent, sg, c2, sc, hh] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const [batch, steps, dim] = x.shape as [number, number, number];
  const units = recurrent.shape[0]!;
  const gates = 4 * units;
  const rows = steps * batch;
  const k = perGate(tf, units, K);
  const d = new DirectKernels(tf);
  const o = helpers(d);
  try {
    const dims = { batch, steps, units, gates };
    const ukT = o.transpose(o.mul(recurrent, k), [1, 0]);
    const cell = units % 4 === 0 ? wasmCell(tf) : null;
    const dZ = cell
      ? dzWithCell(cell, d, dy, { sg, c2, sc }, ukT, returnSequences, dims)
      : dzWithKernels(tf, d, dy, { sg, c2, sc }, ukT, returnSequences, dims);
    const xs = o.reshape(x, [rows, dim]);
    const inputsT = o.concat([o.transpose(xs, [1, 0]), o.transpose(previous(o, hh, tf.scalar(2), dims), [1, 0]), o.fill([1, rows], 1)], 0);
    const [dKernel, dRecurrent, dBias] = o.split(o.mul(o.mm(inputsT, dZ), k), [dim, units, 1], 0) as [Info, Info, Info];
    const dx = o.reshape(o.mm(dZ, o.mul(kernel, k), true), [batch, steps, dim]);
    return [dx, dKernel, dRecurrent, o.reshape(dBias, [gates])].map((g) => d.adopt(g));
  } finally {
    d.dispose();
  }
}

/**
 * The LSTM over x [batch, steps, features] with kernel [features, 4·units],
 * recurrent kernel [units, 4·units] and bias [4·units] (gate order i, f, c,
 * o, as tfjs-layers stores them). Differentiable with respect to all four
 * through one op whose gradient is `backward`.
 */
export function fusedLstm(tf: Tf, x: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor, returnSequences: boolean): Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xa, ka, ra, ba, save] = args as [Tensor, Tensor, Tensor, Tensor, TfCore.GradSaveFunc];
    const { y, stacks } = forward(tf, xa, ka, ra, ba, returnSequences, true);
    save([xa, ka, ra, ...stacks!]);
    return { value: y, gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => backward(tf, dy as Tensor, saved, returnSequences) };
  });
  return op(x, kernel, recurrent, bias);
}

/** Forward only (inference): nothing kept for a backward pass. */
export function lstmInference(tf: Tf, x: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor, returnSequences: boolean): Tensor {
  return tf.tidy(() => forward(tf, x, kernel, recurrent, bias, returnSequences, false).y);
}

/**
 * Training kernels the wasm backend lacks, gets wrong or runs slowly, built
 * from the wasm kernels it has, so that training runs entirely in wasm
 * (never a silent detour through the cpu backend). tfjs-backend-wasm 4.22:
 *
 * - Conv2DBackpropFilter (every Conv2D's filter gradient): missing;
 * - UnsortedSegmentSum (Gather's gradient, so every Embedding): missing;
 * - MaxPoolGrad: wrong for windows of negative values (wasm-simd-pool-grad.ts,
 *   and wasm-pool-grad.ts where channels are not in fours);
 * - Conv2DBackpropInput: a plain loop; at stride 1 an XNNPACK convolution
 *   does it many times faster (wasm-conv-grads.ts);
 * - Tile: an element-by-element loop; a broadcast add is faster (below);
 * - BatchMatMul with transposed operands: slow; transposing first is not;
 * - Identity: a copy; a shared buffer does (below);
 * - FusedBatchNorm: a per-element loop; a 1×1 depthwise convolution is
 *   ~13× faster (below);
 * - Slice, Unpack, SplitV, Concat, GatherV2, large 2-D Transposes, and Sum
 *   and Mean over leading axes: copies on the heap or an average pool,
 *   many times faster than the package's (wasm-heap-kernels.ts says why
 *   each was slow).
 *
 * Also registered here, for every backend: leaner gradients for Sum, Mean
 * and FusedBatchNorm (lean-grads.ts).
 *
 * Tried and dropped: Sum/Mean over leading axes (batch norm) as a GEMM with
 * a row of ones. XNNPACK packs the activation as GEMM weights on every call,
 * which costs what the package's transpose-then-sum does. Conv2DBackpropFilter
 * as im2col + matmul: no faster, XNNPACK repacks the fresh dy either way.
 *
 * The other gradients a small CNN, an LSTM, an MLP and Adam need
 * (AvgPoolGrad, batch norm's parts, Select, …) are the package's;
 * `wasm-kernels.test.ts` compares the pooling ones with cpu, and the model
 * tests train every baseline on wasm, which throws "kernel … not
 * registered" if one is missing.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { registerLeanGradients } from './lean-grads.ts';
import { conv2DBackpropFilter, conv2DBackpropInput } from './wasm-conv-grads.ts';
import { kernels, type Tf } from './wasm-kernel-util.ts';
import { concat, gatherV2, reduceInnermost, slice, splitV, transpose, unpack } from './wasm-heap-kernels.ts';
import { maxPoolGrad } from './wasm-pool-grad.ts';
import { simdMaxPoolGrad } from './wasm-simd-pool-grad.ts';

/**
 * out[s, …] = Σ_{i : ids[i] = s} x[i, …], by ScatterNd (which adds duplicate
 * indices). As in TensorFlow, ids outside [0, numSegments) are dropped: they
 * are sent to one extra row that is cut off.
 */
function unsortedSegmentSum(tf: Tf): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
    if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
      throw new Error(`wasm UnsortedSegmentSum needs 1-D segment ids over x's first axis; got ids ${JSON.stringify(segmentIds.shape)}, x ${JSON.stringify(x.shape)}`);
    }
    const { call, free } = kernels(tf, backend);
    const ids = segmentIds.dtype === 'int32' ? segmentIds : call('Cast', { x: segmentIds }, { dtype: 'int32' });
    const n = segmentIds.shape[0]!;
    const zero = call('Fill', {}, { shape: [n], value: 0, dtype: 'int32' });
    const limit = call('Fill', {}, { shape: [n], value: numSegments, dtype: 'int32' });
    const geZero = call('GreaterEqual', { a: ids, b: zero });
    const belowLimit = call('Less', { a: ids, b: limit });
    const valid = call('LogicalAnd', { a: geZero, b: belowLimit });
    const safeIds = call('Select', { condition: valid, t: ids, e: limit });
    const indices = call('Reshape', { x: safeIds }, { shape: [n, 1] });
    const rest = x.shape.slice(1);
    const scattered = call('ScatterNd', { indices, updates: x }, { shape: [numSegments + 1, ...rest] });
    const out = call('Slice', { x: scattered }, { begin: scattered.shape.map(() => 0), size: [numSegments, ...rest] });
    free(zero, limit, geZero, belowLimit, valid, safeIds, indices, scattered);
    if (ids !== segmentIds) free(ids);
    return out;
  };
}

/**
 * Tile of float32 as a broadcast: the package's Tile walks every output
 * element with index arithmetic (the batch-norm gradient tiles a per-channel
 * vector to the full activation shape, ~40% of a CNN step). Interleaving
 * x's axes with the repetitions gives out = reshape(x, [1, d0, 1, d1, …]) +
 * zeros([r0, 1, r1, 1, …]); axes of size 1 on both sides are dropped and
 * neighbours of the same kind merged, so the broadcast stays low-rank and
 * the zeros are only as large as the repetitions.
 */
function tile(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as { x: TensorInfo };
    const reps = (attrs as unknown as { reps: number[] }).reps;
    const axes: Array<{ x: number; z: number }> = [];
    reps.forEach((r, k) => {
      for (const a of [{ x: 1, z: r }, { x: x.shape[k]!, z: 1 }]) {
        if (a.x === 1 && a.z === 1) continue;
        const last = axes.at(-1);
        if (last && (last.x === 1) === (a.x === 1)) {
          last.x *= a.x;
          last.z *= a.z;
        } else {
          axes.push({ ...a });
        }
      }
    });
    if (x.dtype !== 'float32' || axes.length > 4) {
      if (!original) throw new Error('wasm Tile: no kernel for this case');
      return original(args);
    }
    const { call, free } = kernels(tf, backend);
    const xs = call('Reshape', { x }, { shape: axes.length ? axes.map((a) => a.x) : [1] });
    const zeros = call('Fill', {}, { shape: axes.length ? axes.map((a) => a.z) : [1], value: 0, dtype: 'float32' });
    const sum = call('Add', { a: xs, b: zeros });
    free(xs, zeros);
    const out = call('Reshape', { x: sum }, { shape: x.shape.map((d, k) => d * reps[k]!) });
    free(sum);
    return out;
  };
}

/**
 * BatchMatMul with a transposed operand (every matmul gradient: the LSTM's
 * are most of its step) runs 2–4× slower in the package's kernel than an
 * explicit Transpose followed by the plain product, so transpose first.
 */
function batchMatMul(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    if (!original) throw new Error('wasm BatchMatMul is not registered');
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    const { call, free } = kernels(tf, backend);
    const swapLast = (t: TensorInfo) => {
      const perm = [...t.shape.keys()];
      perm.splice(-2, 2, perm.length - 1, perm.length - 2);
      return call('Transpose', { x: t }, { perm });
    };
    const ta = transposeA ? swapLast(a) : a;
    const tb = transposeB ? swapLast(b) : b;
    const out = original({ inputs: { a: ta, b: tb }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as TensorInfo;
    if (ta !== a) free(ta);
    if (tb !== b) free(tb);
    return out;
  };
}

/**
 * Identity (every tf.clone, and every tensor the engine keeps for a
 * gradient) shares the input's buffer and counts a reference, as the cpu
 * backend's does, instead of copying it: tensors never change in place (a
 * Variable's assign swaps its buffer), and the copies were most of what
 * keeping tensors for the backward pass cost (the whole embedding table
 * every step, for Gather's gradient).
 */
function identity(original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original!(args);
    (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/**
 * FusedBatchNorm with k = scale / √(variance + ε) per channel. On an NHWC
 * activation with per-channel statistics: x·k + (offset − mean·k) as one
 * 1×1 depthwise convolution with a bias (XNNPACK, ~0.6 ms for
 * [32, 64, 64, 16] against the package's per-element loop's 8 ms; the
 * broadcast multiply alone takes 1.6). Otherwise (x − mean)·k + offset by
 * broadcast element-wise kernels.
 */
function batchNorm(tf: Tf): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, mean, variance, offset, scale } = inputs as Record<string, TensorInfo | undefined> as { x: TensorInfo; mean: TensorInfo; variance: TensorInfo; offset?: TensorInfo; scale?: TensorInfo };
    const epsilon = (attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
    const { call, free } = kernels(tf, backend);
    const c = x.shape.at(-1)!;
    const depthwise = x.shape.length === 4 && x.dtype === 'float32' && [mean, variance, offset, scale].every((t) => !t || tf.util.sizeFromShape(t.shape) === c);
    // Per-channel vectors of their own (the depthwise kernel checks its bias's rank in the buffer's record, not the view's).
    const flat = (t: TensorInfo) => (depthwise ? call('Reshape', { x: t }, { shape: [c] }) : t);
    const [m, v, o, g] = [mean, variance, offset, scale].map((t) => t && flat(t)) as [TensorInfo, TensorInfo, TensorInfo | undefined, TensorInfo | undefined];
    const eps = call('Fill', {}, { shape: [], value: epsilon, dtype: 'float32' });
    const shifted = call('Add', { a: v, b: eps });
    const inv = call('Rsqrt', { x: shifted });
    const k = g ? call('Multiply', { a: inv, b: g }) : inv;
    free(eps, shifted, ...(k !== inv ? [inv] : []));
    const views = depthwise ? [m, v, o, g].filter((t): t is TensorInfo => Boolean(t)) : [];
    if (depthwise) {
      const meanK = call('Multiply', { a: m, b: k });
      const bias = o ? call('Sub', { a: o, b: meanK }) : call('Neg', { x: meanK });
      const filter = call('Reshape', { x: k }, { shape: [1, 1, c, 1] });
      const out = call('FusedDepthwiseConv2D', { x, filter, bias }, {
        strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], activation: 'linear',
      } as unknown as NamedAttrMap);
      free(meanK, bias, filter, k, ...views);
      return out;
    }
    const centred = call('Sub', { a: x, b: m });
    const scaled = call('Multiply', { a: centred, b: k });
    free(centred, k);
    if (!o) return scaled;
    const out = call('Add', { a: scaled, b: o });
    free(scaled);
    return out;
  };
}

/** Marks our kernel functions, so registering again (another selectBackend) changes nothing. */
const OURS = Symbol.for('trainyard.wasmKernel');

function ours(f: KernelFunc): KernelFunc {
  (f as unknown as Record<symbol, boolean>)[OURS] = true;
  return f;
}

function isOurs(f: KernelFunc | undefined): boolean {
  return Boolean(f && (f as unknown as Record<symbol, boolean>)[OURS]);
}

/** The kernels this module adds or replaces, by name. */
export const WASM_TRAINING_KERNELS = [
  'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'UnsortedSegmentSum', 'MaxPoolGrad', 'Tile', 'BatchMatMul',
  'Slice', 'Unpack', 'SplitV', 'Concat', 'Transpose', 'Sum', 'Mean', 'GatherV2', 'Identity', 'FusedBatchNorm',
] as const;

/**
 * Registers the missing, fixed and faster training kernels for the wasm
 * backend (idempotent), and leaner gradients for Sum, Mean and
 * FusedBatchNorm (lean-grads.ts; the same values on every backend).
 */
export function registerWasmTrainingKernels(tf: Tf): void {
  registerLeanGradients(tf);
  const current = (name: string): KernelConfig | undefined => tf.getKernel(name, 'wasm');
  const inputGrad = current('Conv2DBackpropInput');
  const tileKernel = current('Tile');
  const matMulKernel = current('BatchMatMul');
  const identityKernel = current('Identity');
  const heap = Object.fromEntries(['Slice', 'Unpack', 'SplitV', 'Concat', 'Transpose', 'Sum', 'Mean', 'GatherV2'].map((k) => [k, current(k)]));

  const theirs = (k: KernelConfig | undefined) => (k && !isOurs(k.kernelFunc) ? k.kernelFunc : undefined);
  const configs: Array<KernelConfig & { replace: boolean }> = [
    { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter(tf), replace: false },
    { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSum(tf), replace: false },
    { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: simdMaxPoolGrad(tf, maxPoolGrad(tf)), replace: true },
    // Keeps the package's kernel for strides > 1, and its setup (the engine runs it when wasm starts).
    {
      kernelName: 'Conv2DBackpropInput', backendName: 'wasm', setupFunc: inputGrad?.setupFunc,
      kernelFunc: conv2DBackpropInput(tf, theirs(inputGrad)), replace: true,
    },
    {
      kernelName: 'Tile', backendName: 'wasm', setupFunc: tileKernel?.setupFunc,
      kernelFunc: tile(tf, theirs(tileKernel)), replace: true,
    },
    { kernelName: 'BatchMatMul', backendName: 'wasm', setupFunc: matMulKernel?.setupFunc, kernelFunc: batchMatMul(tf, theirs(matMulKernel)), replace: true },
    { kernelName: 'Identity', backendName: 'wasm', kernelFunc: identity(theirs(identityKernel)), replace: true },
    { kernelName: 'FusedBatchNorm', backendName: 'wasm', kernelFunc: batchNorm(tf), replace: true },
    // Memory movement as copies on the heap (wasm-heap-kernels.ts); the package's setups stay (Sum, Mean and Transpose need theirs).
    ...([
      ['Slice', slice(tf, theirs(heap['Slice']))],
      ['Unpack', unpack(theirs(heap['Unpack']))],
      ['SplitV', splitV(tf, theirs(heap['SplitV']))],
      ['Concat', concat(tf, theirs(heap['Concat']))],
      ['Transpose', transpose(theirs(heap['Transpose']))],
      ['Sum', reduceInnermost(tf, theirs(heap['Sum']), false)],
      ['Mean', reduceInnermost(tf, theirs(heap['Mean']), true)],
      ['GatherV2', gatherV2(tf, theirs(heap['GatherV2']))],
    ] as const).map(([kernelName, kernelFunc]) => ({ kernelName, backendName: 'wasm', setupFunc: heap[kernelName]?.setupFunc, kernelFunc, replace: true })),
  ];
  for (const { replace, ...c } of configs) {
    const existing = current(c.kernelName);
    if (existing && isOurs(existing.kernelFunc)) continue;
    if (existing && !replace) continue; // a later tfjs that ships this kernel: theirs is likely faster
    if (existing) tf.unregisterKernel(c.kernelName, 'wasm');
    tf.registerKernel({ ...c, kernelFunc: ours(c.kernelFunc) });
  }
}

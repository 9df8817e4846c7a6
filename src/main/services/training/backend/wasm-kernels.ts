/**
 * Training kernels the wasm backend lacks, gets wrong or runs slowly, built
 * from the wasm kernels it has, so that training runs entirely in wasm
 * (never a silent detour through the cpu backend). tfjs-backend-wasm 4.22:
 *
 * - Conv2DBackpropFilter (every Conv2D's filter gradient): missing;
 * - UnsortedSegmentSum (Gather's gradient, so every Embedding): missing;
 * - MaxPoolGrad: wrong for windows of negative values (wasm-pool-grad.ts);
 * - Conv2DBackpropInput: a plain loop; at stride 1 an XNNPACK convolution
 *   does it many times faster (wasm-conv-grads.ts);
 * - Tile: an element-by-element loop; a broadcast add is faster (below);
 * - BatchMatMul with transposed operands: slow; transposing first is not;
 * - Slice, Unpack and SplitV: each slice first copies the whole input out of
 *   the wasm heap (an LSTM slicing one step out of [T·B, 4H] pays for all
 *   T), so they copy only the rows they keep (below).
 *
 * Tried and dropped: Sum/Mean over leading axes (batch norm) as a GEMM with
 * a row of ones. XNNPACK packs the activation as GEMM weights on every call,
 * which costs what the package's transpose-then-sum does.
 *
 * The other gradients a small CNN, an LSTM, an MLP and Adam need
 * (AvgPoolGrad, batch norm's parts, Select, …) are the package's;
 * `wasm-kernels.test.ts` compares the pooling ones with cpu, and the model
 * tests train every baseline on wasm, which throws "kernel … not
 * registered" if one is missing.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilter, conv2DBackpropInput } from './wasm-conv-grads.ts';
import { kernels, type Tf } from './wasm-kernel-util.ts';
import { maxPoolGrad } from './wasm-pool-grad.ts';

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

interface HeapBackend {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * x[begin : begin + size] copied on the heap: the trailing axes taken whole
 * and the innermost partial one make contiguous runs, one `set` each.
 */
function sliceOnHeap(backend: HeapBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = size.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  const xs = backend.typedArrayFromHeap(x);
  const os = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = new Array<number>(rank);
  for (let a = rank - 1, s = 1; a >= 0; a--) {
    strides[a] = s;
    s *= x.shape[a]!;
  }
  let k = rank - 1;
  let run = size[k] ?? 1;
  while (k > 0 && size[k] === x.shape[k]) run *= size[--k]!;
  let base = 0;
  for (let a = 0; a < rank; a++) base += begin[a]! * strides[a]!;
  const idx = new Array<number>(k).fill(0);
  for (let o = 0; o < n; o += run) {
    let off = base;
    for (let a = 0; a < k; a++) off += idx[a]! * strides[a]!;
    os.set(xs.subarray(off, off + run), o);
    for (let a = k - 1; a >= 0 && ++idx[a]! === size[a]; a--) idx[a] = 0;
  }
  return out;
}

function slice(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const attrs = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    if (x.dtype === 'string') return original!(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
    return sliceOnHeap(args.backend as unknown as HeapBackend, x, begin, size);
  };
}

function unpack(original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { value } = args.inputs as { value: TensorInfo };
    if (value.dtype === 'string') return original!(args);
    const rank = value.shape.length;
    const axis = ((args.attrs as unknown as { axis: number }).axis + rank) % rank;
    const size = value.shape.map((d, a) => (a === axis ? 1 : d));
    const outShape = value.shape.filter((_, a) => a !== axis);
    return Array.from({ length: value.shape[axis]! }, (_, i) => {
      const begin = value.shape.map((_, a) => (a === axis ? i : 0));
      const t = sliceOnHeap(args.backend as unknown as HeapBackend, value, begin, size);
      return { ...t, shape: outShape };
    });
  };
}

function splitV(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original!(args);
    const attrs = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as TfCore.Tensor, attrs.numOrSizeSplits, axis);
    const begin = x.shape.map(() => 0);
    return sizes.map((s) => {
      const t = sliceOnHeap(args.backend as unknown as HeapBackend, x, [...begin], x.shape.map((d, a) => (a === axis ? s : d)));
      begin[axis]! += s;
      return t;
    });
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
export const WASM_TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'UnsortedSegmentSum', 'MaxPoolGrad', 'Tile', 'BatchMatMul', 'Slice', 'Unpack', 'SplitV'] as const;

/** Registers the missing, fixed and faster training kernels for the wasm backend (idempotent). */
export function registerWasmTrainingKernels(tf: Tf): void {
  const current = (name: string): KernelConfig | undefined => tf.getKernel(name, 'wasm');
  const inputGrad = current('Conv2DBackpropInput');
  const tileKernel = current('Tile');
  const matMulKernel = current('BatchMatMul');
  const sliceKernels = { Slice: current('Slice'), Unpack: current('Unpack'), SplitV: current('SplitV') };

  const theirs = (k: KernelConfig | undefined) => (k && !isOurs(k.kernelFunc) ? k.kernelFunc : undefined);
  const configs: Array<KernelConfig & { replace: boolean }> = [
    { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter(tf), replace: false },
    { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSum(tf), replace: false },
    { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad(tf), replace: true },
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
    { kernelName: 'Slice', backendName: 'wasm', kernelFunc: slice(tf, theirs(sliceKernels.Slice)), replace: true },
    { kernelName: 'Unpack', backendName: 'wasm', kernelFunc: unpack(theirs(sliceKernels.Unpack)), replace: true },
    { kernelName: 'SplitV', backendName: 'wasm', kernelFunc: splitV(tf, theirs(sliceKernels.SplitV)), replace: true },
  ];
  for (const { replace, ...c } of configs) {
    const existing = current(c.kernelName);
    if (existing && isOurs(existing.kernelFunc)) continue;
    if (existing && !replace) continue; // a later tfjs that ships this kernel: theirs is likely faster
    if (existing) tf.unregisterKernel(c.kernelName, 'wasm');
    tf.registerKernel({ ...c, kernelFunc: ours(c.kernelFunc) });
  }
}

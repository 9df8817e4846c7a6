/**
 * Kernels that only move memory, done as copies on the wasm heap from
 * JavaScript. The package's versions are far slower than a copy:
 *
 * - Slice (and Unpack and SplitV, which call it) first copies the whole
 *   input out of the heap (readSync), so each slice of one LSTM step out of
 *   [T·B, 4H] costs all T steps;
 * - Transpose runs a generic per-element index loop, slow for 2-D
 *   transposes (~8 ns an element: 4.6 ms for [2048, 256]); Sum and Mean over
 *   leading axes (every bias gradient, batch norm) transpose internally
 *   before reducing;
 * - GatherV2 (every Embedding) walks a 4-D index per element (~5 ms for
 *   2,048 rows of 64).
 *
 * - Concat copies each run with `subarray` + `set`: two allocations per row
 *   of each input (an LSTM's per-step [dc, dc, dc, dh] makes 128).
 *
 * Each moves contiguous runs on one view of the heap (no allocation per
 * run), or transposes in cache-sized tiles.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { Tf } from './wasm-kernel-util.ts';

interface HeapBackend {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}

const heap = (backend: unknown) => backend as HeapBackend;

/** Types moved as 32-bit words (bit for bit: an Int32Array view never canonicalises a NaN). */
const WORD_TYPES = new Set(['float32', 'int32']);

/** The whole heap as 32-bit words, and t's first word in it (t must be float32 or int32). */
function words(backend: HeapBackend, t: TensorInfo): { mem: Int32Array; at: number } {
  const v = backend.typedArrayFromHeap(t);
  return { mem: new Int32Array(v.buffer as ArrayBuffer), at: v.byteOffset >> 2 };
}

/** The whole heap as elements of t's size (32-bit words, or bytes for bool), and t's first element in it. */
function onHeap(backend: HeapBackend, t: TensorInfo): { mem: Int32Array | Uint8Array; at: number } {
  if (WORD_TYPES.has(t.dtype)) return words(backend, t);
  const v = backend.typedArrayFromHeap(t);
  return { mem: new Uint8Array(v.buffer as ArrayBuffer), at: v.byteOffset };
}

/** Copies n elements within the heap: a loop for short runs (a native call costs more), copyWithin for long ones. */
function copyRun(mem: Int32Array | Uint8Array, to: number, from: number, n: number): void {
  if (n >= 64) mem.copyWithin(to, from, from + n);
  else for (let q = 0; q < n; q++) mem[to + q] = mem[from + q]!;
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  for (let a = shape.length - 1, s = 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a]!;
  }
  return strides;
}

/**
 * x[begin : begin + size] copied on the heap: the trailing axes taken whole
 * and the innermost partial one make contiguous runs, one `set` each.
 */
function sliceOnHeap(backend: HeapBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = size.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  const { mem, at: xAt } = onHeap(backend, x);
  const oAt = onHeap(backend, out).at;
  const rank = x.shape.length;
  const strides = stridesOf(x.shape);
  let k = rank - 1;
  let run = size[k] ?? 1;
  while (k > 0 && size[k] === x.shape[k]) run *= size[--k]!;
  let base = xAt;
  for (let a = 0; a < rank; a++) base += begin[a]! * strides[a]!;
  const idx = new Array<number>(k).fill(0);
  for (let o = 0; o < n; o += run) {
    let off = base;
    for (let a = 0; a < k; a++) off += idx[a]! * strides[a]!;
    copyRun(mem, oAt + o, off, run);
    for (let a = k - 1; a >= 0 && ++idx[a]! === size[a]; a--) idx[a] = 0;
  }
  return out;
}

export function slice(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const attrs = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    if (x.dtype === 'string') return original!(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
    return sliceOnHeap(heap(args.backend), x, begin, size);
  };
}

export function unpack(original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { value } = args.inputs as { value: TensorInfo };
    if (value.dtype === 'string') return original!(args);
    const rank = value.shape.length;
    const axis = ((args.attrs as unknown as { axis: number }).axis + rank) % rank;
    const size = value.shape.map((d, a) => (a === axis ? 1 : d));
    const outShape = value.shape.filter((_, a) => a !== axis);
    return Array.from({ length: value.shape[axis]! }, (_, i) => {
      const begin = value.shape.map((_, a) => (a === axis ? i : 0));
      return { ...sliceOnHeap(heap(args.backend), value, begin, size), shape: outShape };
    });
  };
}

export function splitV(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original!(args);
    const attrs = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as TfCore.Tensor, attrs.numOrSizeSplits, axis);
    const begin = x.shape.map(() => 0);
    return sizes.map((s) => {
      const t = sliceOnHeap(heap(args.backend), x, [...begin], x.shape.map((d, a) => (a === axis ? s : d)));
      begin[axis]! += s;
      return t;
    });
  };
}

/** Concat: per row of the axes before `axis`, each input's run in turn. */
export function concat(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const inputs = (args.inputs as unknown as TensorInfo[]).filter((t) => t.shape.every((d) => d > 0));
    const all = args.inputs as unknown as TensorInfo[];
    if (!all.length || all[0]!.dtype === 'string') return original!(args);
    const axis = tf.util.parseAxisParam((args.attrs as unknown as { axis: number }).axis, all[0]!.shape)[0]!;
    tf.backend_util.assertParamsConsistent(all.map((t) => t.shape), axis);
    const be = heap(args.backend);
    const out = be.makeOutput(tf.backend_util.computeOutShape(all.map((t) => t.shape), axis), all[0]!.dtype);
    if (!inputs.length) return out;
    const { mem, at } = onHeap(be, out);
    const rows = all[0]!.shape.slice(0, axis).reduce((a, d) => a * d, 1);
    const parts = inputs.map((t) => ({ at: onHeap(be, t).at, run: t.shape.slice(axis).reduce((a, d) => a * d, 1) }));
    let o = at;
    for (let r = 0; r < rows; r++) {
      for (const p of parts) {
        copyRun(mem, o, p.at + r * p.run, p.run);
        o += p.run;
      }
    }
    return out;
  };
}

/**
 * The permutation reduced to its essentials: axes of size 1 dropped and
 * neighbours that stay neighbours merged. Returns, in output order, each
 * merged axis's size and its stride in x.
 */
function reducedPerm(shape: readonly number[], perm: readonly number[]): { sizes: number[]; inStrides: number[] } {
  const strides = stridesOf(shape);
  const sizes: number[] = [];
  const inStrides: number[] = [];
  let prev = -2;
  for (const p of perm) {
    if (shape[p] === 1) continue;
    if (p === prev + 1 && sizes.length) {
      sizes[sizes.length - 1]! *= shape[p]!;
      inStrides[inStrides.length - 1] = strides[p]!;
    } else {
      sizes.push(shape[p]!);
      inStrides.push(strides[p]!);
    }
    prev = p;
  }
  return { sizes, inStrides };
}

const TILE = 32;

/**
 * out = transpose(x, perm) for a permutation that merges to at most two
 * axes, as 32-bit words in TILE×TILE blocks, so reads and writes both stay
 * in cache.
 */
function transposeOnHeap(backend: HeapBackend, x: TensorInfo, perm: readonly number[]): TensorInfo {
  const out = backend.makeOutput(perm.map((p) => x.shape[p]!), x.dtype);
  const n = x.shape.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  const { mem, at: xAt } = words(backend, x);
  const oAt = words(backend, out).at;
  const { sizes, inStrides } = reducedPerm(x.shape, perm);
  if (sizes.length <= 1) {
    mem.copyWithin(oAt, xAt, xAt + n);
    return out;
  }
  if (sizes.length > 2) throw new Error(`transposeOnHeap: ${JSON.stringify(perm)} of ${JSON.stringify(x.shape)} is not a 2-D transpose`);
  // Output [rows, cols]: out[r, q] = x[q, r], x's rows `rows` long.
  const [rows, cols] = sizes as [number, number];
  const stride = inStrides[1]!;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let q0 = 0; q0 < cols; q0 += TILE) {
      const q1 = Math.min(cols, q0 + TILE);
      for (let r = r0; r < r1; r++) {
        const o = oAt + r * cols;
        const i = xAt + r;
        for (let q = q0; q < q1; q++) mem[o + q] = mem[i + q * stride]!;
      }
    }
  }
  return out;
}

/**
 * Transpose: ours where the permutation is a 2-D transpose once merged and
 * the tensor is not small ([2048, 256]: 1.0 ms against the package's 4.6;
 * [131072, 16]: 2.7 against 4.9), the package's for the rest, where its C++
 * is as fast or faster (runs of whole rows, the CNN's pooling and
 * filter-gradient layouts, small tensors).
 */
export function transpose(original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const perm = (args.attrs as unknown as { perm: number[] }).perm;
    const small = x.shape.reduce((a, b) => a * b, 1) < 65536;
    if (!WORD_TYPES.has(x.dtype) || reducedPerm(x.shape, perm).sizes.length > 2 || (original && small)) return original!(args);
    return transposeOnHeap(heap(args.backend), x, perm);
  };
}

/**
 * Sum and Mean over axes that are not the innermost: the transpose here,
 * then the package's reduction over the innermost axes (which it does
 * without a transpose). Over the batch and spatial axes of an NHWC
 * activation (batch norm's statistics and gradients), an average pool over
 * the whole image first: XNNPACK's pooling is ~10× faster than transposing,
 * and it sums in blocks, so it is closer to the exact sum than the package's
 * running float32 sum (5e-4 against 2e-3 on sums of 131,072 normal values).
 */
export function reduceInnermost(tf: Tf, original: KernelFunc | undefined, mean: boolean): KernelFunc {
  const reduce: KernelFunc = (args) => {
    if (!original) throw new Error('wasm reduction kernel is not registered');
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const perm = tf.backend_util.getAxesPermutation(axes, rank);
    if (!perm || !WORD_TYPES.has(x.dtype)) return original(args);
    const be = heap(args.backend);
    const shape = (t: TensorInfo) => (keepDims ? { ...t, shape: tf.backend_util.expandShapeToKeepDim(t.shape, axes) } : t);
    const spatial = [...axes].sort().join();
    if (x.dtype === 'float32' && rank === 4 && (spatial === '0,1,2' || spatial === '1,2')) {
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const call = (name: string, inputs: Record<string, TensorInfo>, attrs: object = {}) =>
        tf.getKernel(name, 'wasm')!.kernelFunc({ inputs, attrs: attrs as never, backend: args.backend }) as TensorInfo;
      const pooled = call('AvgPool', { x }, { filterSize: [h, w], strides: [h, w], pad: 'valid' });
      const perImage = call('Reshape', { x: pooled }, { shape: [n, c] });
      be.disposeData(pooled.dataId);
      let out = perImage;
      if (!mean) {
        const area = call('Fill', {}, { shape: [], value: h * w, dtype: 'float32' });
        out = call('Multiply', { a: perImage, b: area });
        be.disposeData(area.dataId);
        be.disposeData(perImage.dataId);
      }
      if (spatial === '1,2') return shape(out);
      const total = reduce({ ...args, inputs: { x: out }, attrs: { axis: [0], keepDims: false } }) as TensorInfo;
      be.disposeData(out.dataId);
      return shape(total);
    }
    const t = tf.getKernel('Transpose', 'wasm')!.kernelFunc({ inputs: { x }, attrs: { perm }, backend: args.backend }) as TensorInfo;
    const out = original({ ...args, inputs: { x: t }, attrs: { axis: tf.backend_util.getInnerMostAxes(axes.length, rank), keepDims: false } }) as TensorInfo;
    be.disposeData(t.dataId);
    return shape(out);
  };
  return reduce;
}

/** GatherV2 without batch dimensions: for each index, one run (everything after the axis). */
export function gatherV2(tf: Tf, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (batchDims || x.dtype === 'string' || indices.dtype !== 'int32') return original!(args);
    const be = heap(args.backend);
    const a = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const rows = x.shape[a]!;
    const outer = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
    const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
    const ids = be.typedArrayFromHeap(indices);
    for (const i of ids) {
      if (!(i >= 0 && i < rows)) throw new Error(`GatherV2: the index value ${i} is not in [0, ${rows - 1}]`);
    }
    const out = be.makeOutput([...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)], x.dtype);
    const { mem, at: xAt } = onHeap(be, x);
    let o = onHeap(be, out).at;
    const idv = be.typedArrayFromHeap(indices);
    for (let p = 0; p < outer; p++) {
      const base = xAt + p * rows * inner;
      for (const i of idv) {
        copyRun(mem, o, base + i * inner, inner);
        o += inner;
      }
    }
    return out;
  };
}

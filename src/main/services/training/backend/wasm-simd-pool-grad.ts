/**
 * MaxPoolGrad (NHWC, channels in fours) as one SIMD pass on the heap
 * (wasm-asm.ts): for each output pixel and 4 channels, the window's first
 * maximum in row-major order (strict >, as the cpu backend: NaN never wins,
 * the first of ties does) and its address are kept in two vectors, then dy
 * is added at those addresses, so overlapping windows add up. ~8× faster
 * than the composed kernel in wasm-pool-grad.ts (transpose, ArgMax,
 * OneHot, cast, multiply, transpose back), which still serves other
 * channel counts and backends without SIMD.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import {
  ADD, BITSELECT, F32_ADD, FGT, GT_S, IADD, ISPLAT, LT_S, MUL, NE, SELECT, SUB,
  f32Load, f32Store, f4, fLane, get, i32, i4, iLane, instantiateOnHeap, load, loop, range, set, when, type HeapBackendLike,
} from './wasm-asm.ts';
import type { Tf } from './wasm-kernel-util.ts';

function body(): number[] {
  const [x, dy, dx, n, inH, inW, c4, oh, ow, kh, kw, sh, sw, top, left] = Array.from({ length: 15 }, (_, i) => i) as number[] as [
    number, number, number, number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  const [b, oy, ox, y0, wy0, wy1, x0, wx0, wx1, g, ch, wy, wx, addr, a] = Array.from({ length: 15 }, (_, i) => 15 + i) as number[] as [
    number, number, number, number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  const [best, at, v, m, gv] = [30, 31, 32, 33, 34];
  const max = (p: number[], q: number[]) => [...p, ...q, ...p, ...q, ...GT_S, ...SELECT];
  const min = (p: number[], q: number[]) => [...p, ...q, ...p, ...q, ...LT_S, ...SELECT];
  const neg = (l: number) => [...i32(0), ...get(l), ...SUB];
  const window = range(wy, get(wy0), get(wy1), range(wx, get(wx0), get(wx1), [
    ...get(b), ...get(inH), ...MUL, ...get(y0), ...ADD, ...get(wy), ...ADD, ...get(inW), ...MUL, ...get(x0), ...ADD, ...get(wx), ...ADD,
    ...get(c4), ...MUL, ...get(x), ...ADD, ...get(ch), ...ADD, ...set(addr),
    ...get(addr), ...load, ...set(v),
    ...get(v), ...get(best), ...FGT, ...set(m),
    ...get(v), ...get(best), ...get(m), ...BITSELECT, ...set(best),
    ...get(addr), ...ISPLAT, ...i4(0, 4, 8, 12), ...IADD, ...get(at), ...get(m), ...BITSELECT, ...set(at),
  ]));
  const scatter = [0, 1, 2, 3].flatMap((l) => [
    ...get(at), ...iLane(l), ...set(a),
    ...when([...get(a), ...i32(-1), ...NE], [
      ...get(dx), ...get(a), ...ADD, ...get(x), ...SUB,
      ...get(dx), ...get(a), ...ADD, ...get(x), ...SUB, ...f32Load, ...get(gv), ...fLane(l), ...F32_ADD, ...f32Store,
    ]),
  ]);
  const pixel = [
    ...get(ox), ...get(sw), ...MUL, ...get(left), ...SUB, ...set(x0),
    ...max(i32(0), neg(x0)), ...set(wx0), ...min(get(kw), [...get(inW), ...get(x0), ...SUB]), ...set(wx1),
    ...get(b), ...get(oh), ...MUL, ...get(oy), ...ADD, ...get(ow), ...MUL, ...get(ox), ...ADD, ...get(c4), ...MUL, ...get(dy), ...ADD, ...set(g),
    ...loop(ch, get(c4), i32(16), [
      ...f4(-Infinity), ...set(best), ...i4(-1), ...set(at),
      ...window,
      ...get(g), ...get(ch), ...ADD, ...load, ...set(gv),
      ...scatter,
    ]),
  ];
  const row = [
    ...get(oy), ...get(sh), ...MUL, ...get(top), ...SUB, ...set(y0),
    ...max(i32(0), neg(y0)), ...set(wy0), ...min(get(kh), [...get(inH), ...get(y0), ...SUB]), ...set(wy1),
    ...range(ox, i32(0), get(ow), pixel),
  ];
  return range(b, i32(0), get(n), range(oy, i32(0), get(oh), row));
}

const modules = new WeakMap<object, ((...args: number[]) => void) | null>();

function kernelFor(backend: HeapBackendLike): ((...args: number[]) => void) | null {
  if (!modules.has(backend)) {
    const ex = instantiateOnHeap(backend, [{ name: 'maxPoolGrad', params: 15, locals: [[15, 0x7f], [5, 0x7b]], body: body() }]);
    modules.set(backend, ex?.['maxPoolGrad'] ?? null);
  }
  return modules.get(backend)!;
}

export function simdMaxPoolGrad(tf: Tf, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
      filterSize: number | [number, number];
      strides: number | [number, number];
      pad: 'valid' | 'same' | number | TfCore.backend_util.ExplicitPadding;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const be = args.backend as unknown as HeapBackendLike & { makeOutput(shape: number[], dtype: 'float32'): TensorInfo };
    const run = kernelFor(be);
    const [n, inH, inW, c] = input.shape as [number, number, number, number];
    if (!run || c % 4 !== 0 || input.dtype !== 'float32') return fallback(args);
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const out = be.makeOutput([n, inH, inW, c], 'float32');
    be.typedArrayFromHeap(out).fill(0);
    const ptr = (t: TensorInfo) => be.typedArrayFromHeap(t).byteOffset;
    run(
      ptr(input), ptr(dy), ptr(out), n, inH, inW, 4 * c, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    );
    return out;
  };
}

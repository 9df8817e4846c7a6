/**
 * MaxPoolGrad for wasm. The package's kernel is wrong: its C++ starts the
 * running maximum at 0, so a window whose values are all negative sends its
 * gradient to the wrong place or nowhere (MaxPoolWithArgmax shares the bug;
 * training does not use it). Here each output's gradient goes to the first
 * maximum of its window in row-major order, as on the cpu backend.
 *
 * Non-overlapping windows (stride = window, the CNN's 2×2 pools): the
 * windows are laid out as rows of k values (reshape, transpose), ArgMax
 * picks each window's first maximum, OneHot × dy puts the gradient there,
 * and the inverse layout brings it back.
 *
 * Overlapping windows: for each window offset (i, j), the strided slice of
 * the input (padded with −∞) that offset reads, equal to the pooled output
 * and not yet claimed by an earlier offset, selects dy; the selection is
 * spread back to stride spacing and shifted into place; offsets are summed.
 * About ten passes per offset: correct, not fast.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { kernels, shiftInto, type Call, type Free, type Tf } from './wasm-kernel-util.ts';

interface PoolInfo {
  n: number; inH: number; inW: number; c: number;
  oh: number; ow: number; sh: number; sw: number; kh: number; kw: number; top: number; left: number;
}

/** x padded with −∞ (or cropped) to exactly the rows and columns the windows read. */
function windowArea(call: Call, free: Free, x: TensorInfo, p: PoolInfo, height: number, width: number): TensorInfo {
  const bottom = Math.max(0, height - p.top - p.inH);
  const right = Math.max(0, width - p.left - p.inW);
  let t = x;
  if (p.top || p.left || bottom || right) t = call('PadV2', { x }, { paddings: [[0, 0], [p.top, bottom], [p.left, right], [0, 0]], constantValue: -Infinity });
  if (t.shape[1] === height && t.shape[2] === width) return t;
  const cut = call('Slice', { x: t }, { begin: [0, 0, 0, 0], size: [p.n, height, width, p.c] });
  if (t !== x) free(t);
  return cut;
}

function nonOverlapping(call: Call, free: Free, dy: TensorInfo, input: TensorInfo, p: PoolInfo): TensorInfo {
  const { n, oh, ow, c, kh, kw } = p;
  const k = kh * kw;
  const m = n * oh * ow * c;
  const area = windowArea(call, free, input, p, oh * kh, ow * kw);
  const r6 = call('Reshape', { x: area }, { shape: [n, oh, kh, ow, kw, c] });
  const rows6 = call('Transpose', { x: r6 }, { perm: [0, 1, 3, 5, 2, 4] });
  if (area !== input) free(area);
  free(r6);
  const rows = call('Reshape', { x: rows6 }, { shape: [m, k] });
  const first = call('ArgMax', { x: rows }, { axis: 1 });
  free(rows6, rows);
  // wasm's OneHot writes int32 bits whatever the dtype asked for: make int32, then cast.
  const hotInt = call('OneHot', { indices: first }, { depth: k, onValue: 1, offValue: 0, dtype: 'int32' });
  const hot = call('Cast', { x: hotInt }, { dtype: 'float32' });
  const dyCol = call('Reshape', { x: dy }, { shape: [m, 1] });
  const g = call('Multiply', { a: hot, b: dyCol });
  free(first, hotInt, hot, dyCol);
  const g6 = call('Reshape', { x: g }, { shape: [n, oh, ow, c, kh, kw] });
  const back6 = call('Transpose', { x: g6 }, { perm: [0, 1, 4, 2, 5, 3] });
  free(g, g6);
  const back = call('Reshape', { x: back6 }, { shape: [n, oh * kh, ow * kw, c] });
  free(back6);
  return shiftInto(call, free, back, [-p.top, -p.left], [p.inH, p.inW]);
}

function overlapping(call: Call, free: Free, dy: TensorInfo, input: TensorInfo, output: TensorInfo, p: PoolInfo): TensorInfo {
  const { n, oh, ow, c, sh, sw, kh, kw } = p;
  const xp = windowArea(call, free, input, p, (oh - 1) * sh + kh, (ow - 1) * sw + kw);
  const zeros = call('Fill', {}, { shape: dy.shape, value: 0, dtype: 'float32' });
  let taken: TensorInfo | null = null;
  let dx: TensorInfo | null = null;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const xs = call('StridedSlice', { x: xp }, {
        begin: [0, i, j, 0], end: [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c], strides: [1, sh, sw, 1],
        beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
      const eq = call('Equal', { a: xs, b: output });
      free(xs);
      let first = eq;
      if (taken) {
        const notTaken = call('LogicalNot', { x: taken });
        first = call('LogicalAnd', { a: eq, b: notTaken });
        const more = call('LogicalOr', { a: taken, b: eq });
        free(notTaken, eq, taken);
        taken = more;
      } else {
        taken = call('Identity', { x: eq });
      }
      let placed = call('Select', { condition: first, t: dy, e: zeros });
      free(first);
      if (sh > 1 || sw > 1) {
        // Stride spacing: [n, oh, 1, ow, 1, c] padded to [n, oh, sh, ow, sw, c] is [n, oh·sh, ow·sw, c] with v[a, b] at (a·sh, b·sw).
        const r6 = call('Reshape', { x: placed }, { shape: [n, oh, 1, ow, 1, c] });
        const p6 = call('PadV2', { x: r6 }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
        const spread = call('Reshape', { x: p6 }, { shape: [n, oh * sh, ow * sw, c] });
        free(placed, r6, p6);
        placed = spread;
      }
      placed = shiftInto(call, free, placed, [i - p.top, j - p.left], [p.inH, p.inW]);
      if (dx) {
        const sum = call('Add', { a: dx, b: placed });
        free(dx, placed);
        dx = sum;
      } else {
        dx = placed;
      }
    }
  }
  if (xp !== input) free(xp);
  free(zeros, taken!);
  return dx!;
}

export function maxPoolGrad(tf: Tf): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
      filterSize: number | [number, number];
      strides: number | [number, number];
      pad: 'valid' | 'same' | number | TfCore.backend_util.ExplicitPadding;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const [n, inH, inW, c] = input.shape as [number, number, number, number];
    const p: PoolInfo = {
      n, inH, inW, c, oh: info.outHeight, ow: info.outWidth, sh: info.strideHeight, sw: info.strideWidth,
      kh: info.filterHeight, kw: info.filterWidth, top: info.padInfo.top, left: info.padInfo.left,
    };
    const { call, free } = kernels(tf, backend);
    if (p.sh === p.kh && p.sw === p.kw) return nonOverlapping(call, free, dy, input, p);
    return overlapping(call, free, dy, input, output, p);
  };
}

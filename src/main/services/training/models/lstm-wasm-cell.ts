/**
 * The LSTM cell's element-wise work for one time step as one SIMD function
 * on the wasm backend's own memory: gates, cell state and output forward;
 * dc and the gate gradients backward. Per step that replaces ten kernel
 * calls forward and a precomputed pass plus five calls backward, and each
 * step reads and writes the [B, T, ·] stacks in place (no Unpack, no Concat).
 *
 * The module is a few hundred bytes assembled at run time
 * (backend/wasm-asm.ts): it imports tfjs-backend-wasm's WebAssembly.Memory
 * and works on byte addresses of its tensors, 4 floats at a time, so units
 * must be a multiple of 4; otherwise, and on other backends, fused-lstm.ts
 * uses kernels.
 * σ(x) = 1 / (1 + e^−x), e^y by range reduction (y = n·ln 2 + r) and a
 * degree-7 polynomial: within 3e-7 of Math.exp-based sigmoid (tested).
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  ADD, FADD, FDIV, FMAX, FMIN, FMUL, FNEG, FSUB, IADD, ISHL, MUL, NEAREST, TRUNC,
  f4, get, i32, i4, instantiateOnHeap, load, loop, set, store, type HeapBackendLike,
} from '../backend/wasm-asm.ts';

type Tf = typeof TfCore;

/** σ of the v128 on the stack, with v128 locals y, n, r as scratch. */
function sigmoid(y: number, n: number, r: number): number[] {
  const horner = [7, 6, 5, 4, 3, 2, 1, 0].reduce<number[]>((code, k, idx) => {
    const c = 1 / [1, 1, 2, 6, 24, 120, 720, 5040][k]!;
    return idx === 0 ? f4(c) : [...code, ...get(r), ...FMUL, ...f4(c), ...FADD];
  }, []);
  return [
    ...FNEG, ...f4(-87.3), ...FMAX, ...f4(88.3), ...FMIN, ...set(y),
    ...get(y), ...f4(Math.LOG2E), ...FMUL, ...NEAREST, ...set(n),
    ...get(y), ...get(n), ...f4(0.693145751953125), ...FMUL, ...FSUB, ...get(n), ...f4(1.428606765330187e-6), ...FMUL, ...FSUB, ...set(r),
    ...horner,
    ...get(n), ...TRUNC, ...i4(127), ...IADD, ...i32(23), ...ISHL, ...FMUL,
    ...f4(1), ...FADD, ...set(y), ...f4(1), ...get(y), ...FDIV,
  ];
}

/** Address base + row·stride, into local `into`. */
const rowOf = (into: number, base: number, row: number, stride: number) => [...get(base), ...get(row), ...get(stride), ...MUL, ...ADD, ...set(into)];
/** Pushes the address of gate block g (0–3) at column byte j of a row pointer. */
const at = (ptr: number, g: number, h4: number, j: number) => [...get(ptr), ...get(h4), ...i32(g), ...MUL, ...ADD, ...get(j), ...ADD];

/**
 * forward(p, hu, rowHu, cp, rowCp, s, c, sc, hh, cur, B, H4, rowG, rowH):
 * z = p + hu; s = σ(z') (stored); c2 = i·(4σ_c − 2) + f·cp; sc = σ(c2);
 * hh = o·(sc − ½), stored into the stack and into cur.
 */
function forwardBody(): number[] {
  const [p, hu, rowHu, cp, rowCp, s, c, sc, hh, cur, B, H4, rowG, rowH] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [b, j, pr, hr, cpr, sr, cr, scr, hhr, curr] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const [g0, c2, y, n, r] = [24, 28, 29, 30, 31];
  const gates = [0, 1, 2, 3].flatMap((g) => [
    ...at(pr, g, H4, j), ...load, ...at(hr, g, H4, j), ...load, ...FADD, ...sigmoid(y, n, r), ...set(g0 + g),
    ...at(sr, g, H4, j), ...get(g0 + g), ...store,
  ]);
  const cell = [
    ...get(g0), ...get(g0 + 2), ...f4(4), ...FMUL, ...f4(2), ...FSUB, ...FMUL,
    ...get(g0 + 1), ...get(cpr), ...get(j), ...ADD, ...load, ...FMUL, ...FADD, ...set(c2),
    ...get(cr), ...get(j), ...ADD, ...get(c2), ...store,
    ...get(c2), ...sigmoid(y, n, r), ...set(c2),
    ...get(scr), ...get(j), ...ADD, ...get(c2), ...store,
    ...get(g0 + 3), ...get(c2), ...f4(0.5), ...FSUB, ...FMUL, ...set(c2),
    ...get(hhr), ...get(j), ...ADD, ...get(c2), ...store,
    ...get(curr), ...get(j), ...ADD, ...get(c2), ...store,
  ];
  const row = [
    ...rowOf(pr, p, b, rowG), ...rowOf(hr, hu, b, rowHu), ...rowOf(cpr, cp, b, rowCp), ...rowOf(sr, s, b, rowG),
    ...rowOf(cr, c, b, rowH), ...rowOf(scr, sc, b, rowH), ...rowOf(hhr, hh, b, rowH), ...rowOf(curr, cur, b, H4),
    ...loop(j, get(H4), i32(16), [...gates, ...cell]),
  ];
  return loop(b, get(B), i32(1), row);
}

/**
 * backward(dy, rowDy, back, rowBack, s, rowG, sn, rowSn, cp, rowCp, sc, rowH, dc, dz, dzs, B, H4):
 * dh = dy + back; dc = dh·o·(1 − tanh²c) + dc·f_{t+1} (dc updated in place);
 * dz' = [dc·c̃·σ'_i, dc·c_{t−1}·σ'_f, dc·i·2σ'_c, dh·tanh c·σ'_o], into dz and the stack dzs.
 */
function backwardBody(): number[] {
  const [dy, rowDy, back, rowBack, s, rowG, sn, rowSn, cp, rowCp, sc, rowH, dc, dz, dzs, B, H4] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  const [b, j, dyr, br, sr, snr, cpr, scr, dcr, dzr, dzsr] = [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];
  const [gi, gf, gs, go, dh, th, dcv, t] = [28, 29, 30, 31, 32, 33, 34, 35];
  const deriv = (g: number) => [...get(g), ...f4(1), ...get(g), ...FSUB, ...FMUL];
  const put = (g: number, value: number[]) => [...value, ...set(t), ...at(dzr, g, H4, j), ...get(t), ...store, ...at(dzsr, g, H4, j), ...get(t), ...store];
  const body = [
    ...[gi, gf, gs, go].flatMap((v, g) => [...at(sr, g, H4, j), ...load, ...set(v)]),
    ...get(dyr), ...get(j), ...ADD, ...load, ...get(br), ...get(j), ...ADD, ...load, ...FADD, ...set(dh),
    ...get(scr), ...get(j), ...ADD, ...load, ...f4(2), ...FMUL, ...f4(1), ...FSUB, ...set(th),
    ...get(dh), ...get(go), ...FMUL, ...f4(1), ...get(th), ...get(th), ...FMUL, ...FSUB, ...FMUL,
    ...get(dcr), ...get(j), ...ADD, ...load, ...at(snr, 1, H4, j), ...load, ...FMUL, ...FADD, ...set(dcv),
    ...get(dcr), ...get(j), ...ADD, ...get(dcv), ...store,
    ...put(0, [...get(dcv), ...get(gs), ...f4(2), ...FMUL, ...f4(1), ...FSUB, ...FMUL, ...deriv(gi), ...FMUL]),
    ...put(1, [...get(dcv), ...get(cpr), ...get(j), ...ADD, ...load, ...f4(0.5), ...FMUL, ...FMUL, ...deriv(gf), ...FMUL]),
    ...put(2, [...get(dcv), ...get(gi), ...FMUL, ...deriv(gs), ...f4(2), ...FMUL, ...FMUL]),
    ...put(3, [...get(dh), ...get(th), ...FMUL, ...deriv(go), ...FMUL]),
  ];
  const row = [
    ...rowOf(dyr, dy, b, rowDy), ...rowOf(br, back, b, rowBack), ...rowOf(sr, s, b, rowG), ...rowOf(snr, sn, b, rowSn),
    ...rowOf(cpr, cp, b, rowCp), ...rowOf(scr, sc, b, rowH), ...rowOf(dcr, dc, b, H4), ...rowOf(dzsr, dzs, b, rowG),
    // dz is [B, 4H] on its own: rows of 4·H4 bytes.
    ...get(dz), ...get(b), ...get(H4), ...i32(4), ...MUL, ...MUL, ...ADD, ...set(dzr),
    ...loop(j, get(H4), i32(16), body),
  ];
  return loop(b, get(B), i32(1), row);
}

export interface WasmCell {
  /** Byte address of a tensor's first element. */
  ptr(t: TensorInfo): number;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
}

const cells = new WeakMap<object, WasmCell | null>();

/** The cell for the active backend, or null where it cannot run (not wasm, no SIMD, no memory to share). */
export function wasmCell(tf: Tf): WasmCell | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as HeapBackendLike;
  if (!cells.has(backend)) {
    const ex = instantiateOnHeap(backend, [
      { name: 'forward', params: 14, locals: [[10, 0x7f], [8, 0x7b]], body: forwardBody() },
      { name: 'backward', params: 17, locals: [[11, 0x7f], [8, 0x7b]], body: backwardBody() },
    ]);
    cells.set(backend, ex && { ptr: (t) => backend.typedArrayFromHeap(t).byteOffset, forward: ex['forward']!, backward: ex['backward']! });
  }
  return cells.get(backend)!;
}

/**
 * A small WebAssembly assembler for SIMD kernels that work on
 * tfjs-backend-wasm's own memory (no toolchain: the bytes are written here):
 * instruction encoders, a counted loop, and `instantiateOnHeap`, which
 * builds a module of i32-parameter functions importing the backend's
 * WebAssembly.Memory and returns its exports, or null where that cannot be
 * done (another backend, no SIMD, a shared or hidden memory).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const str = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// Locals and scalars.
export const get = (i: number) => [0x20, ...uleb(i)];
export const set = (i: number) => [0x21, ...uleb(i)];
export const i32 = (n: number) => [0x41, ...sleb(n)];
export const [ADD, SUB, MUL, LT_U, LT_S, GT_S, GE_S, NE] = [[0x6a], [0x6b], [0x6c], [0x49], [0x48], [0x4a], [0x4e], [0x47]] as const;
export const SELECT = [0x1b];
export const f32Load = [0x2a, 2, 0];
export const f32Store = [0x38, 2, 0];
export const F32_ADD = [0x92];
// SIMD (0xfd prefix).
const simd = (op: number) => [0xfd, ...uleb(op)];
export const load = [...simd(0x00), 2, 0];
export const store = [...simd(0x0b), 2, 0];
export const f4 = (x: number) => [...simd(0x0c), ...new Uint8Array(new Float32Array([x, x, x, x]).buffer)];
export const i4 = (...x: number[]) => [...simd(0x0c), ...new Uint8Array(new Int32Array(x.length === 1 ? [x[0]!, x[0]!, x[0]!, x[0]!] : x).buffer)];
export const [FADD, FSUB, FMUL, FDIV, FMIN, FMAX, FNEG, NEAREST, FGT] = [0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xe1, 0x6a, 0x44].map(simd) as [
  number[], number[], number[], number[], number[], number[], number[], number[], number[],
];
export const [TRUNC, IADD, ISHL, ISPLAT, BITSELECT] = [0xf8, 0xae, 0xab, 0x11, 0x52].map(simd) as [number[], number[], number[], number[], number[]];
export const iLane = (l: number) => [...simd(0x1b), l];
export const fLane = (l: number) => [...simd(0x1f), l];

/** for (v = 0; v < limit; v += step) body, run at least once — limit and step as code that pushes an i32. */
export function loop(v: number, limit: number[], step: number[], body: number[]): number[] {
  return [...i32(0), ...set(v), 0x03, 0x40, ...body, ...get(v), ...step, ...ADD, ...set(v), ...get(v), ...limit, ...LT_U, 0x0d, 0, 0x0b];
}

/** for (v = from; v < to; v++) body, possibly not at all (signed compare). */
export function range(v: number, from: number[], to: number[], body: number[]): number[] {
  return [...from, ...set(v), 0x02, 0x40, 0x03, 0x40, ...get(v), ...to, ...GE_S, 0x0d, 1, ...body, ...get(v), ...i32(1), ...ADD, ...set(v), 0x0c, 0, 0x0b, 0x0b];
}

/** if (cond) body, cond as code that pushes an i32. */
export const when = (cond: number[], body: number[]) => [...cond, 0x04, 0x40, ...body, 0x0b];

export interface AsmFunction {
  name: string;
  params: number;
  /** Extra locals: [count, type] with 0x7f i32, 0x7b v128. */
  locals: Array<[number, number]>;
  body: number[];
}

/** The few WebAssembly globals used (the node tsconfig has no DOM or WebAssembly types). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export interface HeapBackendLike {
  wasm?: { asm?: { memory?: object } };
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

function moduleBytes(fns: AsmFunction[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [0x7f])), 0]);
  const bodies = fns.map((f) => {
    const b = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body, 0x0b];
    return [...uleb(b.length), ...b];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}

/** The module's exports by name, run on the backend's heap; null where it cannot be. */
export function instantiateOnHeap(backend: HeapBackendLike, fns: AsmFunction[]): Record<string, (...args: number[]) => void> | null {
  const memory = backend.wasm?.asm?.memory;
  if (!WA || !(memory instanceof WA.Memory)) return null;
  try {
    return new WA.Instance(new WA.Module(moduleBytes(fns)), { env: { memory } }).exports as Record<string, (...args: number[]) => void>;
  } catch {
    return null; // no SIMD in this engine, or a memory this module cannot import
  }
}

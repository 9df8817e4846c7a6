/**
 * Plumbing for kernels composed from other wasm kernels: call a registered
 * wasm kernel on TensorInfos (no engine, no tape, as the backends do
 * internally), free intermediates, and move a block into place.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

export type Tf = typeof TfCore;
export type Call = (name: string, inputs: Record<string, TensorInfo>, attrs?: NamedAttrMap) => TensorInfo;
export type Free = (...ts: TensorInfo[]) => void;

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

/**
 * Kernel functions by name, captured when `kernels` is first made: a kernel
 * we replace still reaches the package's original (for the cases we leave
 * to it).
 */
export function kernels(tf: Tf, backend: unknown, originals: Map<string, KernelFunc> = new Map()): { call: Call; free: Free } {
  const be = backend as WasmBackendLike;
  return {
    call: (name, inputs, attrs = {}) => {
      const f = originals.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
      if (!f) throw new Error(`wasm kernel ${name} is not registered`);
      return f({ inputs, attrs, backend: backend as never }) as TensorInfo;
    },
    // Reshape shares its input's buffer and counts a reference, so each handle is freed once.
    free: (...ts) => ts.forEach((t) => be.disposeData(t.dataId)),
  };
}

/**
 * Returns t ([n, h, w, c]) moved by (shiftH, shiftW) into a zero tensor of
 * [n, outH, outW, c]: out[r, q] = t[r − shiftH, q − shiftW]; what falls
 * outside is dropped. Frees t unless it is returned.
 */
export function shiftInto(call: Call, free: Free, t: TensorInfo, [shiftH, shiftW]: [number, number], [outH, outW]: [number, number]): TensorInfo {
  const [n, h, w, c] = t.shape as [number, number, number, number];
  const beforeH = Math.max(0, shiftH);
  const beforeW = Math.max(0, shiftW);
  const cropH = Math.max(0, -shiftH);
  const cropW = Math.max(0, -shiftW);
  const afterH = Math.max(0, cropH + outH - (h + beforeH));
  const afterW = Math.max(0, cropW + outW - (w + beforeW));
  let padded = t;
  if (beforeH || beforeW || afterH || afterW) {
    padded = call('PadV2', { x: t }, { paddings: [[0, 0], [beforeH, afterH], [beforeW, afterW], [0, 0]], constantValue: 0 });
    free(t);
  }
  if (padded.shape[1] === outH && padded.shape[2] === outW) return padded;
  const out = call('Slice', { x: padded }, { begin: [0, cropH, cropW, 0], size: [n, outH, outW, c] });
  free(padded);
  return out;
}

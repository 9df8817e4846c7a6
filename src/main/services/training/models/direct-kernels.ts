/**
 * Kernel calls on the active backend without the engine: no tape, no
 * tensor tracking, no scope bookkeeping, which is 10–15 µs of a ~20 µs call
 * for the small per-time-step tensors of an LSTM. For code that runs inside
 * one op (a customGrad forward or gradient): every result is freed by
 * `dispose()` unless handed to the engine with `adopt`.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

type Tf = typeof TfCore;
export type Info = TensorInfo;

interface Backend {
  disposeData(dataId: object): boolean;
}

export class DirectKernels {
  private readonly backend: TfCore.KernelBackend;
  private readonly name: string;
  private readonly funcs = new Map<string, KernelFunc>();
  private live: Info[] = [];
  private readonly tf: Tf;

  constructor(tf: Tf) {
    this.tf = tf;
    this.backend = tf.backend();
    this.name = tf.getBackend();
  }

  private run(kernel: string, inputs: Record<string, Info> | Info[], attrs: NamedAttrMap): Info | Info[] {
    let f = this.funcs.get(kernel);
    if (!f) {
      f = this.tf.getKernel(kernel, this.name)?.kernelFunc;
      if (!f) throw new Error(`kernel ${kernel} is not registered for ${this.name}`);
      this.funcs.set(kernel, f);
    }
    const out = f({ inputs: inputs as TfCore.NamedTensorInfoMap, attrs, backend: this.backend }) as Info | Info[];
    if (Array.isArray(out)) this.live.push(...out);
    else this.live.push(out);
    return out;
  }

  /** A kernel with one output. */
  call(kernel: string, inputs: Record<string, Info> | Info[], attrs: NamedAttrMap = {}): Info {
    return this.run(kernel, inputs, attrs) as Info;
  }

  /** A kernel with several outputs (SplitV, Unpack). */
  many(kernel: string, inputs: Record<string, Info> | Info[], attrs: NamedAttrMap = {}): Info[] {
    return this.run(kernel, inputs, attrs) as Info[];
  }

  /** A new uninitialised float32 tensor on the wasm backend, freed like a result (for code that fills it in place). */
  alloc(shape: number[]): Info {
    const t = (this.backend as unknown as { makeOutput(shape: number[], dtype: 'float32'): Info }).makeOutput(shape, 'float32');
    this.live.push(t);
    return t;
  }

  /** Hands a result to the engine as a Tensor (tracked in the current scope); `dispose` leaves it alone. */
  adopt<T extends TfCore.Tensor = TfCore.Tensor>(t: Info): T {
    const i = this.live.lastIndexOf(t);
    if (i < 0) throw new Error('adopt: not a live result of these kernels');
    this.live.splice(i, 1);
    return this.tf.engine().makeTensorFromTensorInfo(t, this.backend) as T;
  }

  /** Frees every result not adopted. A reshape shares its input's buffer and holds its own reference, so each is freed once. */
  dispose(): void {
    const be = this.backend as unknown as Backend;
    for (const t of this.live) be.disposeData(t.dataId);
    this.live = [];
  }
}

/**
 * Seeded building blocks shared by the baseline builders.
 *
 * tfjs-layers' own Dropout takes a seed but re-seeds its generator on every
 * call, so every step drops the same units: with a seed it stops being
 * dropout, without one it draws from Math.random and runs are not
 * reproducible. SeededDropout draws a fresh mask per training step from
 * hash(seed, step) and keeps the step count in a non-trainable int32 weight,
 * so checkpoints save it with the other weights and a resumed run draws the
 * masks an uninterrupted one would have.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { hash32 } from '../../../../shared/rng.ts';
import { defineFusedLstm, type FusedLstmArgs, type FusedLstmCtor } from './lstm-layer.ts';

type Tf = typeof TfCore;
type Tfl = typeof TfLayers;
type Tensor = TfCore.Tensor;

/** The class name saved in model JSON; loading a saved model needs `registerTrainyardLayers` first. */
export const SEEDED_DROPOUT = 'TrainyardSeededDropout';

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

type LayerCtor = new (args: SeededDropoutArgs) => TfLayers.layers.Layer;

interface TrainyardLayers {
  SeededDropout: LayerCtor;
  Lstm: FusedLstmCtor;
}

const classes = new WeakMap<object, TrainyardLayers>();

function defineSeededDropout(tf: Tf, tfl: Tfl): LayerCtor {
  class SeededDropout extends tfl.layers.Layer {
    static className = SEEDED_DROPOUT;
    readonly rate: number;
    readonly seed: number;
    private step: TfLayers.LayerVariable | null = null;

    constructor(args: SeededDropoutArgs) {
      super({ name: args.name });
      this.rate = args.rate;
      this.seed = args.seed;
      this.supportsMasking = true;
    }

    override build(inputShape: TfLayers.Shape | TfLayers.Shape[]): void {
      this.step = this.addWeight('step', [], 'int32', tfl.initializers.zeros(), undefined, false);
      super.build(inputShape);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (!kwargs['training'] || this.rate <= 0) return x;
      const step = this.step!.read().dataSync()[0]!;
      this.step!.write(tf.scalar(step + 1, 'int32'));
      return tf.dropout(x, this.rate, undefined, hash32(String(step), this.seed));
    }

    override computeOutputShape(inputShape: TfLayers.Shape | TfLayers.Shape[]): TfLayers.Shape | TfLayers.Shape[] {
      return inputShape;
    }

    override getConfig(): TfCore.serialization.ConfigDict {
      return { ...super.getConfig(), rate: this.rate, seed: this.seed };
    }
  }
  return SeededDropout as unknown as LayerCtor;
}

/** Registers Trainyard's custom layers (seeded dropout, the fused LSTM) with this tfjs instance (idempotent); call before loading a saved model. */
export function registerTrainyardLayers(tf: Tf, tfl: Tfl): TrainyardLayers {
  let ctors = classes.get(tfl);
  if (!ctors) {
    ctors = { SeededDropout: defineSeededDropout(tf, tfl), Lstm: defineFusedLstm(tf, tfl) };
    for (const c of Object.values(ctors)) {
      tf.serialization.registerClass(c as unknown as TfCore.serialization.SerializableConstructor<TfCore.serialization.Serializable>);
    }
    classes.set(tfl, ctors);
  }
  return ctors;
}

/**
 * Per-layer seeds derived from the model seed and the layer's name, so
 * adding a layer does not shift the others' initial weights.
 */
export function seeder(seed: number): (name: string) => number {
  return (name) => hash32(name, seed);
}

/** Builder context: the tfjs namespaces and the seeded helpers a model needs. */
export interface Kit {
  tf: Tf;
  tfl: Tfl;
  seed(name: string): number;
  dropout(rate: number, name: string): TfLayers.layers.Layer;
  /** The fused LSTM (lstm-layer.ts), its kernels seeded from `<name>/kernel` and `<name>/recurrent`. */
  lstm(args: Omit<FusedLstmArgs, 'kernelSeed' | 'recurrentSeed'> & { name: string }): TfLayers.layers.Layer;
  /** An L2 penalty on kernels, or none at 0. */
  l2(amount: number): ReturnType<Tfl['regularizers']['l2']> | undefined;
}

export function kit(tf: Tf, tfl: Tfl, modelSeed: number): Kit {
  const { SeededDropout, Lstm } = registerTrainyardLayers(tf, tfl);
  const seed = seeder(modelSeed);
  return {
    tf,
    tfl,
    seed,
    dropout: (rate, name) => new SeededDropout({ rate, seed: seed(name), name }),
    lstm: (args) => new Lstm({ ...args, kernelSeed: seed(`${args.name}/kernel`), recurrentSeed: seed(`${args.name}/recurrent`) }),
    l2: (amount) => (amount > 0 ? tfl.regularizers.l2({ l2: amount }) : undefined),
  };
}

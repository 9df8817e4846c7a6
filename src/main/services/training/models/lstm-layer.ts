/**
 * The baselines' LSTM layer: tfjs-layers' LSTM (logistic gates, zero
 * initial state, no mask) with the fused op of `fused-lstm.ts` inside. Its
 * weights are those of tfjs-layers' LSTM: `<name>/kernel` [features,
 * 4·units], `<name>/recurrent_kernel` [units, 4·units] and `<name>/bias`
 * [4·units], gate order i, f, c, o, Glorot-uniform kernels from the seeds in
 * its config and a zero bias, so a model built with it starts from the
 * weights the built-in layer would have drawn, and checkpoints keep their
 * names. Saved models name it `TrainyardLstm`; loading needs
 * `registerTrainyardLayers` first.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { fusedLstm, lstmInference } from './fused-lstm.ts';

type Tf = typeof TfCore;
type Tfl = typeof TfLayers;

export const FUSED_LSTM = 'TrainyardLstm';

export interface FusedLstmArgs {
  units: number;
  returnSequences: boolean;
  kernelSeed: number;
  recurrentSeed: number;
  /** L2 penalty on the input kernel (none at 0), as `kernelRegularizer` was. */
  l2: number;
  name?: string;
}

export type FusedLstmCtor = new (args: FusedLstmArgs) => TfLayers.layers.Layer;

export function defineFusedLstm(tf: Tf, tfl: Tfl): FusedLstmCtor {
  class TrainyardLstm extends tfl.layers.Layer {
    static className = FUSED_LSTM;
    readonly units: number;
    readonly returnSequences: boolean;
    readonly kernelSeed: number;
    readonly recurrentSeed: number;
    readonly l2: number;
    private vars: TfLayers.LayerVariable[] = [];

    constructor(args: FusedLstmArgs) {
      super({ name: args.name });
      this.units = args.units;
      this.returnSequences = args.returnSequences;
      this.kernelSeed = args.kernelSeed;
      this.recurrentSeed = args.recurrentSeed;
      this.l2 = args.l2;
    }

    override build(inputShape: TfLayers.Shape | TfLayers.Shape[]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TfLayers.Shape;
      const features = shape.at(-1)!;
      const gates = 4 * this.units;
      const glorot = (seed: number) => tfl.initializers.glorotUniform({ seed });
      this.vars = [
        this.addWeight('kernel', [features, gates], 'float32', glorot(this.kernelSeed), this.l2 > 0 ? tfl.regularizers.l2({ l2: this.l2 }) : undefined, true),
        this.addWeight('recurrent_kernel', [this.units, gates], 'float32', glorot(this.recurrentSeed), undefined, true),
        this.addWeight('bias', [gates], 'float32', tfl.initializers.zeros(), undefined, true),
      ];
      super.build(inputShape);
    }

    override call(inputs: TfCore.Tensor | TfCore.Tensor[], kwargs: Record<string, unknown>): TfCore.Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [kernel, recurrent, bias] = this.vars.map((v) => v.read()) as [TfCore.Tensor, TfCore.Tensor, TfCore.Tensor];
      // Training: one op with a hand-written gradient. Inference: the same forward pass, keeping nothing for a backward one.
      const run = kwargs['training'] ? fusedLstm : lstmInference;
      return run(tf, x, kernel, recurrent, bias, this.returnSequences);
    }

    override computeOutputShape(inputShape: TfLayers.Shape | TfLayers.Shape[]): TfLayers.Shape {
      const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TfLayers.Shape;
      return this.returnSequences ? [s[0] ?? null, s[1] ?? null, this.units] : [s[0] ?? null, this.units];
    }

    override getConfig(): TfCore.serialization.ConfigDict {
      return {
        ...super.getConfig(),
        units: this.units, returnSequences: this.returnSequences, kernelSeed: this.kernelSeed, recurrentSeed: this.recurrentSeed, l2: this.l2,
      };
    }
  }
  return TrainyardLstm as unknown as FusedLstmCtor;
}

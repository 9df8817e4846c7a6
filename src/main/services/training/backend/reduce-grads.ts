/**
 * Gradients of Sum and Mean without a tensor of ones. tfjs' own (core's, and
 * the copy that tfjs-layers' bundle registers) multiply dy by
 * ones(x.shape), built element by element in JavaScript and copied into the
 * backend: a whole activation's worth for each of batch norm's reductions,
 * about a fifth of a wasm CNN step. dy broadcast to x's shape is the same
 * values (times one, exactly), made by the backend's Tile.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { Tf } from './wasm-kernel-util.ts';

export function registerReductionGradients(tf: Tf): void {
  for (const [kernelName, mean] of [['Sum', false], ['Mean', true]] as const) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const x = saved[0]!;
        const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
        const kept = tf.reshape(tf.cast(dy as TfCore.Tensor, 'float32'), x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
        const size = axes.reduce((n, a) => n * x.shape[a]!, 1);
        return { x: () => tf.broadcastTo(mean ? tf.div(kept, size) : kept, x.shape) };
      },
    });
  }
}

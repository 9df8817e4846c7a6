/**
 * Gradients registered in place of tfjs' own for the same values with far
 * fewer full-size tensors (they run on every backend; the wasm CNN step is
 * where it shows):
 *
 * - Sum and Mean: tfjs' (core's, and the copy tfjs-layers' bundle
 *   registers) multiply dy by ones(x.shape), built element by element in
 *   JavaScript and copied into the backend, a whole activation's worth for
 *   each of batch norm's reductions (about a fifth of the step). dy
 *   broadcast to x's shape is the same values (times one, exactly).
 * - FusedBatchNorm: tfjs' makes ten activation-sized tensors (a tiled
 *   1/σ among them) and four reductions; with k = scale/σ per channel,
 *   dx = dy·k, dmean = −k·Σdy, doffset = Σdy, and dscale and dvariance both
 *   from Σ(x − mean)·dy: three activation-sized tensors, two reductions.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { Tf } from './wasm-kernel-util.ts';

type Tensor = TfCore.Tensor;

function registerReductionGradients(tf: Tf): void {
  for (const [kernelName, mean] of [['Sum', false], ['Mean', true]] as const) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const x = saved[0]!;
        const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
        const kept = tf.reshape(tf.cast(dy as Tensor, 'float32'), x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
        const size = axes.reduce((n, a) => n * x.shape[a]!, 1);
        return { x: () => tf.broadcastTo(mean ? tf.div(kept, size) : kept, x.shape) };
      },
    });
  }
}

function registerBatchNormGradient(tf: Tf): void {
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dyIn, saved, attrs) => {
      const dy = dyIn as Tensor;
      const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
      const epsilon = (attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
      const gamma = scale ?? tf.scalar(1);
      const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
      const total = (t: Tensor) => tf.reshape(axes.length ? tf.sum(t, axes) : t, mean.shape);
      const rsqrt = tf.rsqrt(tf.add(variance, tf.scalar(epsilon)));
      const k = tf.mul(gamma, rsqrt);
      const sumDy = total(dy);
      const sumCentredDy = total(tf.mul(tf.sub(x, mean), dy));
      return {
        x: () => tf.mul(dy, k),
        mean: () => tf.neg(tf.mul(k, sumDy)),
        variance: () => tf.mul(tf.mul(tf.mul(k, tf.square(rsqrt)), tf.scalar(-0.5)), sumCentredDy),
        scale: () => tf.mul(rsqrt, sumCentredDy),
        offset: () => sumDy,
      };
    },
  });
}

/** Registers the leaner gradients (idempotent: a second registration replaces the first with the same). */
export function registerLeanGradients(tf: Tf): void {
  registerReductionGradients(tf);
  registerBatchNormGradient(tf);
}

/**
 * Worker-thread probe for select.test.ts: selects wasm inside a Worker (where
 * training runs) and takes one filter gradient through the added kernel.
 */
import { parentPort } from 'node:worker_threads';
import { describeBackend, selectBackend } from './select.ts';

const sel = await selectBackend('wasm', { fallback: false });
const { tf } = sel;
const gradSum = tf.tidy(() => {
  const x = tf.ones([1, 5, 5, 2]);
  const grad = tf.grad((w: import('@tensorflow/tfjs-core').Tensor) => tf.sum(tf.conv2d(x as import('@tensorflow/tfjs-core').Tensor4D, w as import('@tensorflow/tfjs-core').Tensor4D, 2, 'same')));
  return tf.sum(grad(tf.ones([3, 3, 2, 4]))).dataSync()[0];
});
parentPort!.postMessage({ name: sel.name, active: tf.getBackend(), description: describeBackend(sel), gradSum });

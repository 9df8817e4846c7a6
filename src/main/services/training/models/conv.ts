/**
 * The small CNN, for images ([h, w, c]) and for MFCC matrices ([frames,
 * coefficients], read as a one-channel image): blocks of conv → batch norm →
 * ReLU → max-pool, then flatten, dropout and a softmax layer.
 *
 * Sized to the input: with depth 0 the number of blocks grows with the
 * longer side (1 block at 8 px, 2 at 16, 3 from 32), and an axis is pooled
 * only while it is at least 8 long, so a 13-coefficient MFCC axis is halved
 * once while its 98 frames are halved three times.
 */
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Kit } from './layers.ts';

export interface ConvOptions {
  width: number;
  depth: number;
  dropout: number;
  l2: number;
}

/** Blocks for an input whose longer side is `side` when depth is 0 (auto). */
export function autoConvDepth(side: number): number {
  return Math.min(3, Math.max(1, Math.floor(Math.log2(side / 4))));
}

/** Per-axis pool sizes of each block: 2 while the axis is ≥ 8, else 1. */
export function poolPlan(height: number, width: number, blocks: number): Array<[number, number]> {
  const plan: Array<[number, number]> = [];
  let h = height;
  let w = width;
  for (let b = 0; b < blocks; b++) {
    const ph = h >= 8 ? 2 : 1;
    const pw = w >= 8 ? 2 : 1;
    plan.push([ph, pw]);
    h = Math.floor(h / ph);
    w = Math.floor(w / pw);
  }
  return plan;
}

export function buildConvNet(k: Kit, inputShape: number[], outputs: number, o: ConvOptions): LayersModel {
  const { tfl } = k;
  const input = tfl.input({ shape: inputShape, name: 'input' });
  let x: SymbolicTensor = input;
  // MFCC frames × coefficients: one channel.
  const image = inputShape.length === 2 ? [inputShape[0]!, inputShape[1]!, 1] : inputShape;
  if (inputShape.length === 2) x = tfl.layers.reshape({ targetShape: image, name: 'as_image' }).apply(x) as SymbolicTensor;
  const [h, w] = image as [number, number, number];
  const blocks = o.depth > 0 ? o.depth : autoConvDepth(Math.max(h, w));
  const pools = poolPlan(h, w, blocks);
  pools.forEach(([ph, pw], b) => {
    const n = b + 1;
    // No conv bias: the batch norm right after adds its own shift.
    x = tfl.layers.conv2d({
      name: `conv${n}`, filters: o.width * 2 ** b, kernelSize: 3, padding: 'same', useBias: false,
      kernelInitializer: tfl.initializers.heNormal({ seed: k.seed(`conv${n}`) }), kernelRegularizer: k.l2(o.l2),
    }).apply(x) as SymbolicTensor;
    // PyTorch's momentum and epsilon: the moving statistics settle within a short baseline run.
    x = tfl.layers.batchNormalization({ name: `bn${n}`, axis: -1, momentum: 0.9, epsilon: 1e-5 }).apply(x) as SymbolicTensor;
    x = tfl.layers.activation({ name: `relu${n}`, activation: 'relu' }).apply(x) as SymbolicTensor;
    if (ph > 1 || pw > 1) x = tfl.layers.maxPooling2d({ name: `pool${n}`, poolSize: [ph, pw], strides: [ph, pw] }).apply(x) as SymbolicTensor;
  });
  x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as SymbolicTensor;
  if (o.dropout > 0) x = k.dropout(o.dropout, 'dropout').apply(x) as SymbolicTensor;
  const out = tfl.layers.dense({
    name: 'logits', units: outputs, activation: 'softmax',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: k.seed('logits') }), kernelRegularizer: k.l2(o.l2),
  }).apply(x) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'cnn' });
}

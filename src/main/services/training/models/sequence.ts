/**
 * Recurrent baselines: token ids → embedding → LSTM (text), and MFCC frames
 * → LSTM (audio); the last LSTM's final state goes through dropout to a
 * softmax layer.
 *
 * The LSTM is Trainyard's fused layer (lstm-layer.ts): tfjs-layers' LSTM
 * with logistic gates, computed as a few large kernels and a SIMD cell
 * with a hand-written gradient instead of a cell of small kernels per time
 * step (a text baseline's training step: ~6,600 kernel calls → ~360). Both
 * its kernels use Glorot-uniform: Keras' orthogonal recurrent initialiser
 * runs a QR decomposition at every build (seconds on wasm for 256 units,
 * with a console warning each time), and PyTorch's plain uniform default
 * trains these small models just as well. No dropout inside the LSTM
 * (tfjs' draws from Math.random, not reproducible): seeded dropout is
 * applied to its output instead, while fitting only.
 */
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Kit } from './layers.ts';

export interface LstmOptions {
  width: number;
  depth: number;
  dropout: number;
  l2: number;
  embeddingDim?: number;
}

function lstmStack(k: Kit, x: SymbolicTensor, o: LstmOptions): SymbolicTensor {
  for (let i = 1; i <= o.depth; i++) {
    x = k.lstm({ name: `lstm${i}`, units: o.width, returnSequences: i < o.depth, l2: o.l2 }).apply(x) as SymbolicTensor;
  }
  if (o.dropout > 0) x = k.dropout(o.dropout, 'dropout').apply(x) as SymbolicTensor;
  return x;
}

function head(k: Kit, x: SymbolicTensor, outputs: number, l2: number): SymbolicTensor {
  return k.tfl.layers.dense({
    name: 'logits', units: outputs, activation: 'softmax',
    kernelInitializer: k.tfl.initializers.glorotUniform({ seed: k.seed('logits') }), kernelRegularizer: k.l2(l2),
  }).apply(x) as SymbolicTensor;
}

/** Text: [tokens] int ids in [0, vocabSize) → class probabilities. */
export function buildTextLstm(k: Kit, length: number, vocabSize: number, outputs: number, o: LstmOptions): LayersModel {
  const { tfl } = k;
  const input = tfl.input({ shape: [length], name: 'tokens', dtype: 'int32' });
  const emb = tfl.layers.embedding({
    name: 'embedding', inputDim: vocabSize, outputDim: o.embeddingDim ?? 64,
    embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: k.seed('embedding') }),
  }).apply(input) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: head(k, lstmStack(k, emb, o), outputs, o.l2), name: 'lstm' });
}

/** Audio: [frames, coefficients] → class probabilities. */
export function buildMfccLstm(k: Kit, inputShape: number[], outputs: number, o: LstmOptions): LayersModel {
  const input = k.tfl.input({ shape: inputShape, name: 'mfcc' });
  return k.tfl.model({ inputs: input, outputs: head(k, lstmStack(k, input, o), outputs, o.l2), name: 'mfcc_lstm' });
}

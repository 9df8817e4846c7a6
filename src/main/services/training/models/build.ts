/**
 * Baseline models from a JSON spec: `buildModel(tf, tfl, spec)` is a pure
 * function of the spec (the same spec and seed give the same layers and the
 * same initial weights), using the tfjs namespaces of the selected backend.
 *
 * Every model ends in a layer named "logits" (softmax for classification,
 * linear for regression). Kernel L2 penalties live on the layers; a custom
 * training step must add `regularizationLoss(tf, model)` to its loss, as
 * `model.fit` would.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { TrainyardError } from '../../../../shared/contract/index.ts';
import { MODEL_CATALOGUE, resolveModelOptions, type ModelSpec, type ModelTask } from '../../../../shared/training/models.ts';
import { buildConvNet } from './conv.ts';
import { buildLinear, buildMlp } from './dense.ts';
import { kit } from './layers.ts';
import { buildMfccLstm, buildTextLstm } from './sequence.ts';

type Tf = typeof TfCore;
type Tfl = typeof TfLayers;

function invalid(message: string): TrainyardError {
  return new TrainyardError('invalid_input', message);
}

export function taskOf(spec: Pick<ModelSpec, 'task'>): ModelTask {
  return spec.task ?? 'classification';
}

/** Which loss the model is trained with: cross-entropy on its softmax, or mean squared error on its linear output. */
export function lossKind(spec: Pick<ModelSpec, 'task'>): 'crossentropy' | 'mse' {
  return taskOf(spec) === 'regression' ? 'mse' : 'crossentropy';
}

function checkSpec(spec: ModelSpec): void {
  const info = MODEL_CATALOGUE[spec.model];
  if (!info) throw invalid(`model: unknown model "${String(spec.model)}" (models: ${Object.keys(MODEL_CATALOGUE).join(', ')})`);
  const rank = { cnn: 3, 'mfcc-cnn': 2, 'mfcc-lstm': 2, lstm: 1, 'bow-logreg': 1, linear: 1, mlp: 1 }[spec.model];
  const shape = spec.inputShape;
  if (!Array.isArray(shape) || shape.length !== rank || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw invalid(`inputShape: ${spec.model} takes ${info.input}, got ${JSON.stringify(shape)}`);
  }
  if (!Number.isInteger(spec.outputs) || spec.outputs < 1) throw invalid(`outputs: expected a positive whole number, got ${spec.outputs}`);
  const task = taskOf(spec);
  if (!info.tasks.includes(task)) throw invalid(`task: ${spec.model} does ${info.tasks.join(' or ')}, not ${task}`);
  if (task === 'classification' && spec.outputs < 2) throw invalid(`outputs: classification needs at least 2 classes, got ${spec.outputs}`);
  if (spec.model === 'lstm' && !(Number.isInteger(spec.vocabSize) && spec.vocabSize! >= 2)) {
    throw invalid(`vocabSize: the lstm model needs the vocabulary size (≥ 2), got ${spec.vocabSize}`);
  }
  if (!Number.isSafeInteger(spec.seed)) throw invalid(`seed: expected a whole number, got ${spec.seed}`);
}

export function buildModel(tf: Tf, tfl: Tfl, spec: ModelSpec): TfLayers.LayersModel {
  checkSpec(spec);
  const r = resolveModelOptions(spec.model, spec.options);
  if (!r.ok) throw invalid(r.issues.map((i) => i.message).join('; '));
  const o = r.options as Record<string, number>;
  const k = kit(tf, tfl, spec.seed);
  const shape = spec.inputShape;
  const task = taskOf(spec);
  const n = { width: o.width!, depth: o.depth!, dropout: o.dropout!, l2: o.l2! };
  switch (spec.model) {
    case 'cnn':
    case 'mfcc-cnn':
      return buildConvNet(k, shape, spec.outputs, n);
    case 'lstm':
      return buildTextLstm(k, shape[0]!, spec.vocabSize!, spec.outputs, { ...n, embeddingDim: o.embeddingDim! });
    case 'mfcc-lstm':
      return buildMfccLstm(k, shape, spec.outputs, n);
    case 'bow-logreg':
      return buildLinear(k, shape[0]!, spec.outputs, 'classification', { l2: n.l2, dropout: n.dropout }, 'bow_logreg');
    case 'linear':
      return buildLinear(k, shape[0]!, spec.outputs, task, { l2: n.l2 }, 'linear');
    case 'mlp':
      return buildMlp(k, shape[0]!, spec.outputs, task, n);
  }
}

/** The sum of the layers' L2 penalties at the current weights (a scalar 0 when there are none). */
export function regularizationLoss(tf: Tf, model: TfLayers.LayersModel): TfCore.Scalar {
  const losses = model.calculateLosses();
  return losses.length ? (tf.addN(losses) as TfCore.Scalar) : tf.scalar(0);
}

/**
 * Mean cross-entropy of softmax probabilities against class ids; with class
 * weights, each example counts by its class's weight (a weighted mean).
 */
export function crossEntropy(tf: Tf, probs: TfCore.Tensor, y: TfCore.Tensor, classWeights: readonly number[] | null = null): TfCore.Scalar {
  const ids = tf.cast(y, 'int32') as TfCore.Tensor1D;
  const ce = tf.neg(tf.sum(tf.mul(tf.oneHot(ids, probs.shape[1]!), tf.log(tf.clipByValue(probs, 1e-7, 1))), -1));
  if (!classWeights) return tf.mean(ce) as TfCore.Scalar;
  const w = tf.gather(tf.tensor1d([...classWeights]), ids);
  return tf.div(tf.sum(tf.mul(ce, w)), tf.sum(w)) as TfCore.Scalar;
}

/** Loss for a batch: cross-entropy of softmax probabilities against class ids, or MSE against targets; plus the L2 penalties. */
export function trainingLoss(tf: Tf, model: TfLayers.LayersModel, spec: Pick<ModelSpec, 'task'>, output: TfCore.Tensor, y: TfCore.Tensor): TfCore.Scalar {
  const data = lossKind(spec) === 'mse'
    ? tf.mean(tf.square(tf.sub(output, tf.reshape(y, output.shape))))
    : crossEntropy(tf, output, y);
  return tf.add(data, regularizationLoss(tf, model)) as TfCore.Scalar;
}

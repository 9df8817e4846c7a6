/**
 * Dense baselines over a feature vector: logistic regression on bag-of-words
 * / TF-IDF text features, linear or logistic regression on tabular
 * features, and a small MLP. Regression heads are linear (trained with MSE);
 * classification heads are softmax.
 */
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { ModelTask } from '../../../../shared/training/models.ts';
import type { Kit } from './layers.ts';

function outputLayer(k: Kit, x: SymbolicTensor, outputs: number, task: ModelTask, l2: number): SymbolicTensor {
  return k.tfl.layers.dense({
    name: 'logits', units: outputs, activation: task === 'regression' ? 'linear' : 'softmax',
    kernelInitializer: k.tfl.initializers.glorotUniform({ seed: k.seed('logits') }), kernelRegularizer: k.l2(l2),
  }).apply(x) as SymbolicTensor;
}

/** One dense layer: logistic regression (softmax) or linear regression. `inputDropout` > 0 drops input features while training. */
export function buildLinear(k: Kit, features: number, outputs: number, task: ModelTask, o: { l2: number; dropout?: number }, name: string): LayersModel {
  const input = k.tfl.input({ shape: [features], name: 'features' });
  let x: SymbolicTensor = input;
  if (o.dropout) x = k.dropout(o.dropout, 'input_dropout').apply(x) as SymbolicTensor;
  return k.tfl.model({ inputs: input, outputs: outputLayer(k, x, outputs, task, o.l2), name });
}

export function buildMlp(k: Kit, features: number, outputs: number, task: ModelTask, o: { width: number; depth: number; dropout: number; l2: number }): LayersModel {
  const { tfl } = k;
  const input = tfl.input({ shape: [features], name: 'features' });
  let x: SymbolicTensor = input;
  for (let i = 1; i <= o.depth; i++) {
    x = tfl.layers.dense({
      name: `dense${i}`, units: o.width, activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed: k.seed(`dense${i}`) }), kernelRegularizer: k.l2(o.l2),
    }).apply(x) as SymbolicTensor;
    if (o.dropout > 0) x = k.dropout(o.dropout, `dropout${i}`).apply(x) as SymbolicTensor;
  }
  return tfl.model({ inputs: input, outputs: outputLayer(k, x, outputs, task, o.l2), name: 'mlp' });
}

export interface FeatureWeight {
  feature: string;
  weight: number;
}

/**
 * The `n` features with the largest weight toward each class, from a
 * logistic-regression model's output kernel ([features, classes]).
 * With a softmax only differences between classes matter, so each weight is
 * taken relative to the feature's mean over the classes: a word that pushes
 * every class up equally explains none of them.
 */
export function topFeatures(model: LayersModel, featureNames: readonly string[], n = 10): FeatureWeight[][] {
  const layer = model.getLayer('logits');
  const kernel = layer.getWeights()[0];
  if (!kernel || kernel.shape.length !== 2) throw new Error('topFeatures needs a model whose "logits" layer has a 2-D kernel');
  const [features, classes] = kernel.shape as [number, number];
  if (featureNames.length !== features) throw new Error(`topFeatures: ${featureNames.length} feature names for ${features} input features`);
  const w = kernel.dataSync();
  const result: FeatureWeight[][] = [];
  for (let c = 0; c < classes; c++) {
    const scored: FeatureWeight[] = [];
    for (let f = 0; f < features; f++) {
      let mean = 0;
      for (let j = 0; j < classes; j++) mean += w[f * classes + j]!;
      mean /= classes;
      scored.push({ feature: featureNames[f]!, weight: w[f * classes + c]! - mean });
    }
    scored.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1));
    result.push(scored.slice(0, n));
  }
  return result;
}

/**
 * A linear regression's explanation: the `n` features with the largest
 * positive and the largest negative coefficients (on standardised features,
 * so their sizes compare), as two groups named after the target.
 */
export function regressionFeatures(model: LayersModel, featureNames: readonly string[], target: string, n = 10): Array<{ class: string; features: FeatureWeight[] }> {
  const kernel = model.getLayer('logits').getWeights()[0];
  if (!kernel || kernel.shape.length !== 2 || kernel.shape[1] !== 1) throw new Error('regressionFeatures needs a model with one linear output');
  if (featureNames.length !== kernel.shape[0]) throw new Error(`regressionFeatures: ${featureNames.length} feature names for ${kernel.shape[0]} input features`);
  const w = kernel.dataSync();
  // Coefficients near zero move nothing: under 1 % of the largest is not listed as raising or lowering.
  const floor = 0.01 * Math.max(0, ...Array.from(w, Math.abs));
  const all = featureNames.map((feature, i) => ({ feature, weight: w[i]! })).filter((f) => Math.abs(f.weight) > floor);
  const up = all.filter((f) => f.weight > 0).sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1)).slice(0, n);
  const down = all.filter((f) => f.weight < 0).sort((a, b) => a.weight - b.weight || (a.feature < b.feature ? -1 : 1)).slice(0, n);
  return [{ class: `raises ${target}`, features: up }, { class: `lowers ${target}`, features: down }];
}

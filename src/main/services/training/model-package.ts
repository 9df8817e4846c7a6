/**
 * A trained model as a package: `model.json` (topology, weight manifest, the
 * model spec and class names), `weights.bin`, and `preprocessing.json`, the
 * fitted preprocessing. Loading it gives a predictor that takes raw inputs
 * (image or WAV bytes, text) and applies exactly what training applied.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Modality } from '../../../shared/contract/index.ts';
import type { ModelSpec } from '../../../shared/training/models.ts';
import { decodeMedia } from '../augment/sample-io.ts';
import type { Tf, Tfl } from './backend/select.ts';
import { loadInputs, type Example, type InputEncoder, type TabularData } from './inputs.ts';
import type { ArrayBatch } from './loop.ts';
import { registerTrainyardLayers } from './models/layers.ts';

interface PackageJson {
  format: string;
  version: number;
  modelTopology: unknown;
  weightsManifest: Array<{ paths: string[]; weights: unknown[] }>;
  spec: ModelSpec;
  classes: string[];
  /** Regression: the column the model predicts. */
  target?: string;
}

/** One prediction: a class with the probabilities of all classes, or a regression value in the target's units. */
export type Prediction = { label: string; probabilities: number[] } | { value: number };

export interface ModelPackage {
  model: LayersModel;
  spec: ModelSpec;
  classes: string[];
  /** Regression: the column the model predicts. */
  target: string | null;
  encoder: InputEncoder;
  /** Raw input → the model's input tensor data, as in training. */
  encodeRaw(raws: Array<Buffer | string>): Promise<ArrayBatch['x']>;
  /** Per input: the class and class probabilities, or the predicted value (regression). */
  predict(raws: Array<Buffer | string>): Promise<Prediction[]>;
}

const MODALITY: Record<string, Modality | 'tabular' | undefined> = { image: 'image', text: 'text', audio: 'audio', tabular: 'tabular' };

export async function decodeRaw(modality: Modality | 'tabular', raw: Buffer | string): Promise<Example> {
  // A table row arrives as a JSON object of column → value.
  if (modality === 'tabular') return { record: JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as TabularData['record'] };
  if (modality === 'text') return { text: typeof raw === 'string' ? raw : raw.toString('utf8') };
  return decodeMedia(modality, typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw);
}

export async function loadModelPackage(tf: Tf, tfl: Tfl, dir: string): Promise<ModelPackage> {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as PackageJson;
  if (meta.format !== 'trainyard-model') throw new Error(`${dir} is not a Trainyard model package`);
  const weights = fs.readFileSync(path.join(dir, 'weights.bin'));
  registerTrainyardLayers(tf, tfl);
  const model = await tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: meta.modelTopology as object,
    weightSpecs: meta.weightsManifest[0]!.weights as never,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
  const encoder = await loadInputs(dir);
  const modality = MODALITY[encoder.state.modality]!;
  const encodeRaw = async (raws: Array<Buffer | string>): Promise<ArrayBatch['x']> => encoder.encode(await Promise.all(raws.map((r) => decodeRaw(modality, r))));
  return {
    model, spec: meta.spec, classes: meta.classes, target: meta.target ?? null, encoder, encodeRaw,
    async predict(raws) {
      const x = await encodeRaw(raws);
      const out = tf.tidy(() => (model.predict(tf.tensor(x.data, x.shape, x.dtype)) as Tensor).arraySync() as number[][]);
      if (encoder.regression) return encoder.regression.values(out.map((o) => o[0]!)).map((value) => ({ value }));
      return out.map((p) => ({ label: meta.classes[p.indexOf(Math.max(...p))]!, probabilities: p }));
    },
  };
}

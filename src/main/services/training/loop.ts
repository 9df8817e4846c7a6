/**
 * The training loop: virtual epochs of `stepsPerEpoch` optimizer steps over
 * a seeded, cursor-addressed stream of batches; after each epoch an
 * evaluation in inference mode (no dropout, batch-norm statistics frozen, no
 * gradient tape), the callbacks, and a checkpoint (weights, optimizer slots,
 * step, cursor, learning rate, callback state, history). Resuming from a
 * checkpoint restores all of that, so on the deterministic backends a resumed
 * run ends with the weights of an uninterrupted one.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { TrainyardError } from '../../../shared/contract/index.ts';
import { virtualEpochs, type TrainConfig } from '../../../shared/training/config.ts';
import { earlyStoppingStep, freshPlateau, modeOf, reduceLrStep, type PlateauState } from './callbacks.ts';
import type { CheckpointContent, NamedArray } from './checkpoint-files.ts';
import { crossEntropy } from './models/build.ts';
import type { EpochRecord, Metrics } from './runs-repo.ts';

type Tf = typeof tfc;

/** A batch as typed arrays: inputs with their shape, and class indices (or standardised regression targets). */
export interface ArrayBatch {
  x: { data: Float32Array | Int32Array; shape: number[]; dtype: 'float32' | 'int32' };
  y: Int32Array | Float32Array;
}

export interface BatchSource {
  /**
   * Regression: targets arrive standardised ((y − mean) / std) and this is
   * their std, to report errors in the target's own units. Absent for classification.
   */
  targetStd?: number;
  /** The train batch starting at `cursor` examples; `epoch` selects the on-the-fly augmentation variant. */
  trainBatch(cursor: number, size: number, epoch: number): Promise<ArrayBatch>;
  /** Every validation example once, in batches. */
  validationBatches(size: number): AsyncIterable<ArrayBatch>;
}

export interface LoopState {
  epoch: number;
  step: number;
  cursor: number;
  lr: number;
  early: PlateauState;
  plateau: PlateauState;
  history: EpochRecord[];
}

export interface LoopHooks {
  /** Writes a checkpoint and records the epoch; returns once both are durable. */
  saveEpoch(record: EpochRecord, content: CheckpointContent<LoopState>): Promise<void> | void;
  /** Weights of a kept checkpoint (for restoreBest), or null if it was not kept. */
  loadWeights(epoch: number): NamedArray[] | null;
  progress?(p: { step: number; totalSteps: number; epoch: number; loss: number }): void;
  /** Penalties added to the training loss (the layers' L2 terms), inside the gradient tape. */
  regularization?(): tfc.Scalar;
  signal?: AbortSignal;
}

export interface LoopResult {
  state: LoopState;
  stoppedEarly: string | null;
  restoredEpoch: number | null;
}

export class NanLossError extends TrainyardError {
  constructor(step: number) {
    super('internal', `the loss became NaN at step ${step}: lower the learning rate or check the inputs; the last good checkpoint is kept`);
  }
}

export function freshState(config: TrainConfig): LoopState {
  return { epoch: 0, step: 0, cursor: 0, lr: config.learningRate, early: freshPlateau(), plateau: freshPlateau(), history: [] };
}

function toTensor(tf: Tf, b: ArrayBatch['x']): tfc.Tensor {
  return tf.tensor(b.data, b.shape, b.dtype);
}

function correct(tf: Tf, probs: tfc.Tensor, y: tfc.Tensor): number {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), tf.cast(y, 'int32')), 'float32')).dataSync()[0]!);
}

/** Mean squared error of a [batch, 1] output against [batch] targets. */
function mse(tf: Tf, out: tfc.Tensor, y: tfc.Tensor): tfc.Scalar {
  return tf.mean(tf.square(tf.sub(tf.reshape(out, [-1]), y))) as tfc.Scalar;
}

/** Sums of a batch that make an epoch's metrics: loss·n and hits (classification), or |error| and y, y² (regression). */
interface Sums { loss: number; hits: number; abs: number; sq: number; y: number; y2: number; n: number }

const zeroSums = (): Sums => ({ loss: 0, hits: 0, abs: 0, sq: 0, y: 0, y2: 0, n: 0 });

/** Adds a batch's hits or errors (not its loss, known only after the step) to the sums; `y` is the batch's targets as a tensor. */
function addBatch(tf: Tf, sums: Sums, out: tfc.Tensor, y: tfc.Tensor, b: ArrayBatch, regression: boolean): void {
  const n = b.y.length;
  sums.n += n;
  if (!regression) {
    sums.hits += correct(tf, out, y);
    return;
  }
  const pred = out.dataSync();
  for (let i = 0; i < n; i++) {
    const y = b.y[i]!;
    const e = pred[i]! - y;
    sums.abs += Math.abs(e);
    sums.sq += e * e;
    sums.y += y;
    sums.y2 += y * y;
  }
}

/**
 * An epoch's metrics from its sums, with `prefix` '' (train) or 'val_'.
 * Regression errors are in the target's units (× std); R² = 1 − SSE / SST.
 */
function metricsOf(sums: Sums, prefix: '' | 'val_', targetStd: number | undefined): Metrics {
  const n = sums.n;
  if (!n) return { [`${prefix}loss`]: NaN };
  if (targetStd === undefined) return { [`${prefix}loss`]: sums.loss / n, [`${prefix}accuracy`]: sums.hits / n };
  const m: Metrics = { [`${prefix}loss`]: sums.loss / n, [`${prefix}mae`]: (sums.abs / n) * targetStd };
  if (prefix === 'val_') {
    const sst = sums.y2 - (sums.y * sums.y) / n;
    m.val_rmse = Math.sqrt(sums.sq / n) * targetStd;
    m.val_r2 = sst > 0 ? 1 - sums.sq / sst : NaN;
  }
  return m;
}

/** The batch loss: cross-entropy (with optional class weights) or the MSE of standardised targets. */
function dataLoss(tf: Tf, out: tfc.Tensor, y: tfc.Tensor, regression: boolean, classWeights: readonly number[] | null): tfc.Scalar {
  return regression ? mse(tf, out, y) : crossEntropy(tf, out, y, classWeights);
}

function targets(tf: Tf, b: ArrayBatch, regression: boolean): tfc.Tensor {
  return regression ? tf.tensor1d(b.y as Float32Array, 'float32') : tf.tensor1d(b.y as Int32Array, 'int32');
}

/**
 * Validation metrics in inference mode, without a gradient tape: val_loss and
 * val_accuracy (classification), or val_loss, val_mae, val_rmse, val_r2 (regression).
 */
export async function evaluate(tf: Tf, model: LayersModel, source: BatchSource, batchSize: number): Promise<Metrics & { n: number }> {
  const regression = source.targetStd !== undefined;
  const sums = zeroSums();
  for await (const b of source.validationBatches(batchSize)) {
    tf.tidy(() => {
      const out = model.predict(toTensor(tf, b.x)) as tfc.Tensor;
      const y = targets(tf, b, regression);
      sums.loss += dataLoss(tf, out, y, regression, null).dataSync()[0]! * b.y.length;
      addBatch(tf, sums, out, y, b, regression);
    });
  }
  return { ...metricsOf(sums, 'val_', source.targetStd), n: sums.n };
}

export async function weightsOf(model: LayersModel): Promise<NamedArray[]> {
  return Promise.all(model.weights.map(async (w) => {
    const t = w.read();
    return { name: w.name, shape: t.shape, dtype: t.dtype === 'int32' ? 'int32' as const : 'float32' as const, data: (await t.data()) as Float32Array | Int32Array };
  }));
}

export function setWeightsFrom(tf: Tf, model: LayersModel, arrays: NamedArray[]): void {
  if (arrays.length !== model.weights.length) throw new TrainyardError('invalid_input', `checkpoint has ${arrays.length} weights, the model ${model.weights.length}`);
  model.setWeights(arrays.map((a) => tf.tensor(a.data, a.shape, a.dtype)));
}

/**
 * Adam's running powers β1^t and β2^t. tfjs recomputes them with pow() on
 * setWeights, which differs from the running product in the last bits; saved
 * and put back as they were, a resumed run stays bit-for-bit on course.
 */
const ADAM_POWERS = ['accBeta1', 'accBeta2'] as const;
const POWER_PREFIX = 'trainyard/adam/';

async function optimizerArrays(opt: tfc.Optimizer): Promise<NamedArray[]> {
  const named = await opt.getWeights();
  const arrays: NamedArray[] = await Promise.all(named.map(async (n) => ({ name: n.name, shape: n.tensor.shape, dtype: n.tensor.dtype === 'int32' ? 'int32' as const : 'float32' as const, data: (await n.tensor.data()) as Float32Array | Int32Array })));
  for (const k of ADAM_POWERS) {
    const v = (opt as unknown as Record<string, tfc.Variable | undefined>)[k];
    if (v) arrays.push({ name: POWER_PREFIX + k, shape: [], dtype: 'float32', data: (await v.data()) as Float32Array });
  }
  return arrays;
}

export async function restoreOptimizer(tf: Tf, opt: tfc.Optimizer, arrays: NamedArray[]): Promise<void> {
  const slots = arrays.filter((a) => !a.name.startsWith(POWER_PREFIX));
  await opt.setWeights(slots.map((a) => ({ name: a.name, tensor: tf.tensor(a.data, a.shape, a.dtype) })));
  for (const a of arrays.filter((x) => x.name.startsWith(POWER_PREFIX))) {
    const v = (opt as unknown as Record<string, tfc.Variable | undefined>)[a.name.slice(POWER_PREFIX.length)];
    v?.assign(tf.scalar(a.data[0]!));
  }
}

/** The optimizer every baseline uses: Adam, whose learning rate the plateau callback may lower. */
export function makeOptimizer(tf: Tf, lr: number): tfc.AdamOptimizer {
  return tf.train.adam(lr);
}

function setLr(opt: tfc.Optimizer, lr: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr;
}

export async function runLoop(
  tf: Tf, model: LayersModel, opt: tfc.Optimizer, source: BatchSource, config: TrainConfig, state: LoopState, hooks: LoopHooks,
  classWeights: number[] | null,
): Promise<LoopResult> {
  const ve = virtualEpochs(config);
  const totalSteps = config.maxSteps ? Math.min(config.maxSteps, ve.totalSteps) : ve.totalSteps;
  const stepsPerEpoch = Math.min(ve.stepsPerEpoch, totalSteps);
  const epochs = Math.ceil(totalSteps / stepsPerEpoch);
  const bs = config.batchSize;
  setLr(opt, state.lr);
  let next = state.step < totalSteps ? source.trainBatch(state.cursor, bs, state.epoch) : null;
  const regression = source.targetStd !== undefined;
  while (state.epoch < epochs && state.step < totalSteps) {
    const epoch = state.epoch + 1;
    const sums = zeroSums();
    for (let s = 0; s < stepsPerEpoch && state.step < totalSteps; s++) {
      if (hooks.signal?.aborted) throw new TrainyardError('cancelled', 'training cancelled');
      const batch = await next!;
      const cursorAfter = state.cursor + bs;
      const lastOfEpoch = s === stepsPerEpoch - 1 || state.step + 1 >= totalSteps;
      // Prefetch: the next batch decodes while this one trains.
      next = state.step + 1 < totalSteps ? source.trainBatch(cursorAfter, bs, lastOfEpoch ? epoch : state.epoch) : null;
      const lossT = tf.tidy(() => {
        const x = toTensor(tf, batch.x);
        const y = targets(tf, batch, regression);
        return opt.minimize(() => {
          const out = model.apply(x, { training: true }) as tfc.Tensor;
          // Inside the step: the forward pass's tensors are gone once minimize returns.
          addBatch(tf, sums, out, y, batch, regression);
          const data = dataLoss(tf, out, y, regression, classWeights);
          return hooks.regularization ? tf.add(data, hooks.regularization()) as tfc.Scalar : data;
        }, true) as tfc.Scalar;
      });
      const loss = (await lossT.data())[0]!;
      lossT.dispose();
      if (!Number.isFinite(loss)) throw new NanLossError(state.step + 1);
      sums.loss += loss * batch.y.length;
      state.step++;
      state.cursor = cursorAfter;
      hooks.progress?.({ step: state.step, totalSteps, epoch, loss });
      await new Promise((r) => setImmediate(r)); // let cancel messages and events through
    }
    const { n: _n, ...val } = await evaluate(tf, model, source, Math.max(bs, 64));
    const metrics: Metrics = { ...metricsOf(sums, '', source.targetStd), ...val, lr: state.lr };
    state.epoch = epoch;
    state.history.push({ epoch, step: state.step, metrics });
    let stop: string | null = null;
    let restore: number | null = null;
    if (config.earlyStopping) {
      const d = earlyStoppingStep(config.earlyStopping, state.early, metrics, epoch);
      if (d.stop) {
        stop = d.reason;
        restore = d.restoreEpoch;
      }
    }
    if (config.reduceLrOnPlateau) {
      state.lr = reduceLrStep(config.reduceLrOnPlateau, state.plateau, metrics, epoch, state.lr);
      setLr(opt, state.lr);
    }
    await hooks.saveEpoch({ epoch, step: state.step, metrics }, { weights: await weightsOf(model), optimizer: await optimizerArrays(opt), state: structuredClone(state) });
    if (stop) {
      let restoredEpoch: number | null = null;
      if (restore !== null) {
        const w = hooks.loadWeights(restore);
        if (w) {
          setWeightsFrom(tf, model, w);
          restoredEpoch = restore;
        }
      }
      return { state, stoppedEarly: stop, restoredEpoch };
    }
  }
  return { state, stoppedEarly: null, restoredEpoch: null };
}

export { modeOf };

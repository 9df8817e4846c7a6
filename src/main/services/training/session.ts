/**
 * One training session, inside the training worker: open the project, pick
 * the backend, fit (or, on resume, reload) the preprocessing on the train
 * split, build the model, stream batches, and run the loop with hooks that
 * make each epoch durable (checkpoint folder, then the epoch and checkpoint
 * rows in one transaction, then the folders retention drops).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../../shared/contract/index.ts';
import { TrainyardError } from '../../../shared/contract/index.ts';
import type { TrainConfig } from '../../../shared/training/config.ts';
import { Project } from '../project/project.ts';
import { selectBackend } from './backend/select.ts';
import { clearPartialCheckpoints, readCheckpoint, writeCheckpoint, type NamedArray } from './checkpoint-files.ts';
import { balancedClassWeights, loadTrainingSet, type TrainingSet } from './dataset.ts';
import { freshState, makeOptimizer, restoreOptimizer, runLoop, setWeightsFrom, type LoopState } from './loop.ts';
import { modeOf } from './callbacks.ts';
import { buildPipeline, type TrainPipeline } from './pipeline.ts';
import { claimRun, finishRun, getRun, recordEpoch, setRunBackend, type Metrics } from './runs-repo.ts';
import { overfitConfig, overfitSubset, overfitVerdict } from './overfit.ts';

export interface WorkerRequest {
  projectDir: string;
  runId: string;
  resume: boolean;
}

export type WorkerMessage =
  | { type: 'backend'; name: string; versions: Record<string, string> }
  | { type: 'progress'; step: number; totalSteps: number; epoch: number; loss: number }
  | { type: 'epoch'; epoch: number; step: number; metrics: Metrics }
  | { type: 'done'; outcome: Record<string, unknown> }
  | { type: 'error'; code: ErrorCode; message: string };

export function runDir(projectDir: string, runId: string): string {
  return path.join(projectDir, 'runs', runId);
}

export async function runSession(req: WorkerRequest, post: (m: WorkerMessage) => void, signal: AbortSignal): Promise<Record<string, unknown>> {
  const project = Project.open(req.projectDir);
  try {
    const db = project.db;
    const run = getRun(db, req.runId);
    claimRun(db, req.runId);
    let config = run.config as TrainConfig;
    const dir = runDir(req.projectDir, req.runId);
    fs.mkdirSync(dir, { recursive: true });
    clearPartialCheckpoints(dir);

    let set: TrainingSet = loadTrainingSet(db, run.datasetId, { target: config.target });
    if (run.kind === 'overfit') {
      set = overfitSubset(set, config.seed);
      config = overfitConfig(config, set.train.length);
    }
    if (req.resume && set.fingerprint !== run.dataFingerprint && run.kind !== 'overfit') {
      // The labels or splits changed since the run started: its checkpoints describe other data.
      throw new TrainyardError('conflict', `the data of run ${run.id} changed since it started (labels, splits or files); start a new run`);
    }

    const backend = await selectBackend(config.backend);
    const { tf } = backend;
    post({ type: 'backend', name: backend.name, versions: backend.versions });
    setRunBackend(db, run.id, backend.name, backend.versions);

    const pipeline: TrainPipeline = await buildPipeline({ tf, tfl: backend.tfl, set, config, model: run.model, dir, resume: req.resume });
    const opt = makeOptimizer(tf, config.learningRate);
    let state: LoopState = freshState(config);
    if (req.resume) {
      const last = getRun(db, run.id).checkpointList.at(-1);
      if (!last) throw new TrainyardError('invalid_input', `run ${run.id} has no checkpoint to resume from`);
      const ckpt = readCheckpoint<LoopState>(path.join(dir, last.dir));
      setWeightsFrom(tf, pipeline.model, ckpt.weights);
      await restoreOptimizer(tf, opt, ckpt.optimizer);
      state = ckpt.state;
    }

    const monitor = config.earlyStopping ? config.earlyStopping.monitor : 'val_loss';
    const weightsAt = new Map<number, NamedArray[]>();
    let firstLoss: number | null = null;
    const result = await runLoop(tf, pipeline.model, opt, pipeline.source, config, state, {
      signal,
      regularization: pipeline.regularization,
      progress: (p) => {
        firstLoss ??= p.loss;
        post({ type: 'progress', ...p });
      },
      saveEpoch(rec, content) {
        const name = `ckpt-${String(rec.epoch).padStart(4, '0')}`;
        writeCheckpoint(path.join(dir, name), content);
        const { dropped } = recordEpoch(db, run.id, { ...rec, checkpointDir: name, monitor, mode: modeOf(monitor), keepBest: config.keepBest });
        for (const d of dropped) fs.rmSync(path.join(dir, d), { recursive: true, force: true });
        if (config.keepBest === 0) weightsAt.set(rec.epoch, content.weights);
        post({ type: 'epoch', epoch: rec.epoch, step: rec.step, metrics: rec.metrics });
      },
      loadWeights(epoch) {
        const row = getRun(db, run.id).checkpointList.find((c) => c.epoch === epoch);
        return row ? readCheckpoint(path.join(dir, row.dir)).weights : (weightsAt.get(epoch) ?? null);
      },
    }, config.classWeights === 'balanced' ? balancedClassWeights(set) : null);

    await pipeline.saveModel(path.join(dir, 'model'));
    const explanation = pipeline.explain();
    if (explanation) fs.writeFileSync(path.join(dir, 'model', 'top-features.json'), JSON.stringify(explanation));
    finishRun(db, run.id, 'completed');
    const outcome: Record<string, unknown> = { run: run.id, status: 'completed', backend: backend.name, stoppedEarly: result.stoppedEarly, restoredEpoch: result.restoredEpoch };
    if (run.kind === 'overfit') Object.assign(outcome, overfitVerdict(result.state, set, req.resume ? null : firstLoss));
    return outcome;
  } catch (err) {
    const cancelled = err instanceof TrainyardError && err.code === 'cancelled';
    try {
      finishRun(project.db, req.runId, cancelled ? 'cancelled' : 'failed', err instanceof Error ? err.message : String(err));
    } catch {
      // The run row may not exist (bad id); the error below says so.
    }
    throw err;
  } finally {
    project.close();
  }
}

export { setWeightsFrom };

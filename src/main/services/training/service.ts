/**
 * Training from the main process's side: resolve and check a config, create
 * the run, and run it in a training worker thread so neither the UI nor the
 * main event loop ever waits on a training step. The worker owns the run's
 * database rows and files while it runs; this side relays its progress and
 * epochs as events and turns its end into the job's result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TrainyardError, type Modality } from '../../../shared/contract/index.ts';
import { CLASSIFICATION_MONITORS, parseTrainConfig, REGRESSION_MONITORS, virtualEpochs, type ModelName, type TrainConfig } from '../../../shared/training/config.ts';
import { AUTO_MODEL, modelsFor, resolveModelOptions, type ModelModality } from '../../../shared/training/models.ts';
import type { EventBus } from '../../core/event-bus.ts';
import type { JobHandle } from '../../core/jobs.ts';
import { workerUrl } from '../../workers/pool.ts';
import { datasetByName, listDatasets, regressionOf } from '../datasets/repo.ts';
import type { Db } from '../project/db.ts';
import type { Project } from '../project/project.ts';
import { loadTrainingSet, type TrainingSet } from './dataset.ts';
import { runColumns } from './inputs.ts';
import { claimRun, createRun, finishRun, getRun, type RunKind } from './runs-repo.ts';
import type { WorkerMessage, WorkerRequest } from './session.ts';


export function runsDir(project: Project): string {
  return path.join(project.dir, 'runs');
}

export function parseConfigOrThrow(input: unknown): TrainConfig {
  const r = parseTrainConfig(input);
  if (!r.ok) throw new TrainyardError('invalid_input', `invalid training config: ${r.issues.map((i) => i.message).join('; ')}`, { issues: r.issues });
  return r.config;
}

/** The dataset a config means: by name, or the only one (of its modality). */
function resolveDataset(db: Db, config: TrainConfig): { id: number; name: string; modality: Modality } {
  if (config.dataset) return datasetByName(db, config.dataset);
  const datasets = listDatasets(db);
  // Tabular runs read tabular datasets, else the metadata columns of CSV-imported text.
  const wanted = config.modality === 'tabular' ? ['tabular', 'text'] : config.modality ? [config.modality] : null;
  const all = wanted ? wanted.map((m) => datasets.filter((d) => d.modality === m)).find((l) => l.length) ?? [] : datasets;
  if (all.length === 1) return all[0]!;
  if (!all.length) throw new TrainyardError('invalid_input', 'this project has no dataset to train on: import one first');
  throw new TrainyardError('invalid_input', `choose the dataset ("dataset" in the config, --dataset on the CLI): ${all.map((d) => d.name).join(', ')}`);
}

export interface ResolvedPlan {
  config: TrainConfig;
  set: TrainingSet;
  dataset: { id: number; name: string; modality: Modality };
  model: Exclude<ModelName, 'auto'>;
}

/**
 * Classification or regression, and the regression target: from the config,
 * else the dataset's task and its label column (set at import).
 */
function resolveTask(db: Db, config: TrainConfig, dataset: { id: number; name: string }, modality: string): { task: 'classification' | 'regression'; target?: string } {
  const saved = regressionOf(db, dataset.id);
  const task = config.task ?? (config.target || saved ? 'regression' : 'classification');
  const metrics = task === 'regression' ? REGRESSION_MONITORS : CLASSIFICATION_MONITORS;
  for (const [field, cb] of [['earlyStopping', config.earlyStopping], ['reduceLrOnPlateau', config.reduceLrOnPlateau]] as const) {
    if (cb && !metrics.includes(cb.monitor)) throw new TrainyardError('invalid_input', `${field}.monitor: ${task} runs report ${metrics.join(', ')}, not ${cb.monitor}`);
  }
  if (task === 'classification') {
    if (config.target) throw new TrainyardError('invalid_input', 'target: only regression runs have a target column (classification learns the samples\' labels)');
    if (saved) {
      throw new TrainyardError('invalid_input', `task: dataset ${dataset.name} was imported for regression (its label is a number, not a class); train a regression or re-import it with --task classification`);
    }
    return { task };
  }
  if (config.classWeights !== 'none') throw new TrainyardError('invalid_input', 'classWeights: regression runs have no classes to weigh');
  if (modality !== 'tabular') throw new TrainyardError('invalid_input', `task: regression is for tabular runs; ${dataset.name} is trained as ${modality}`);
  const target = config.target ?? saved?.target ?? undefined;
  if (!target) throw new TrainyardError('invalid_input', `target: name the numeric column to predict (dataset ${dataset.name} has no regression target)`);
  return { task, target };
}

export function resolvePlan(db: Db, input: unknown): ResolvedPlan {
  const config = parseConfigOrThrow(input);
  const dataset = resolveDataset(db, config);
  const modality = config.modality ?? dataset.modality;
  if (config.modality && config.modality !== 'tabular' && config.modality !== dataset.modality) {
    throw new TrainyardError('invalid_input', `modality: the config says ${config.modality}, dataset ${dataset.name} holds ${dataset.modality}`);
  }
  if (modality === 'tabular' && dataset.modality !== 'text' && dataset.modality !== 'tabular') {
    throw new TrainyardError('invalid_input', `modality: tabular runs read a tabular dataset or the columns of a CSV-imported one; ${dataset.name} holds ${dataset.modality}`);
  }
  const { task, target } = resolveTask(db, config, dataset, modality);
  if (modality === 'tabular' && config.augmentRecipe !== null) throw new TrainyardError('invalid_input', 'augmentRecipe: tabular runs take no augmentation recipe');
  const model = config.model === 'auto' ? AUTO_MODEL[modality as ModelModality] : config.model;
  const fitting = modelsFor(modality as ModelModality).map((m) => m.name);
  if (!fitting.includes(model)) throw new TrainyardError('invalid_input', `model: ${model} does not fit ${modality} data; use ${fitting.join(' or ')}`);
  const opts = resolveModelOptions(model, config.modelOptions);
  if (!opts.ok) throw new TrainyardError('invalid_input', `invalid training config: ${opts.issues.map((i) => i.message).join('; ')}`, { issues: opts.issues });
  const set = loadTrainingSet(db, dataset.id, { target });
  return { config: { ...config, modality, model, dataset: dataset.name, task, ...(target ? { target } : {}) }, set, dataset, model };
}

export function planTraining(db: Db, input: unknown) {
  const p = resolvePlan(db, input);
  const ve = virtualEpochs(p.config, p.set.train.length);
  return {
    datasetId: p.dataset.id, dataset: p.dataset.name, modality: p.config.modality!, model: p.model, classes: p.set.classes,
    task: p.set.task, target: p.set.target,
    columns: p.config.modality === 'tabular' ? runColumns(p.set, p.config) : null,
    trainSize: p.set.train.length, validationSize: p.set.validation.length, ...ve, config: p.config as unknown as Record<string, unknown>,
  };
}

export interface RunOutcome {
  run: string;
  status: 'completed' | 'cancelled' | 'failed';
  backend: string;
  stoppedEarly: string | null;
  [k: string]: unknown;
}

/** Runs one session in a fresh training worker; resolves with its outcome, rejects with its error. */
export function runInWorker(req: WorkerRequest, job: JobHandle, events: EventBus): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl('training-worker'), { workerData: req });
    let backend = '';
    let settled = false;
    const onAbort = (): void => worker.postMessage({ type: 'cancel' });
    job.signal.addEventListener('abort', onAbort);
    const end = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      job.signal.removeEventListener('abort', onAbort);
      fn();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'backend') backend = m.name;
      else if (m.type === 'progress') job.progress(m.step, m.totalSteps, 0, `epoch ${m.epoch} · loss ${m.loss.toFixed(4)} · ${backend}`);
      else if (m.type === 'epoch') events.emit('training.epoch', { runId: req.runId, epoch: m.epoch, step: m.step, metrics: m.metrics, backend });
      else if (m.type === 'done') end(() => resolve(m.outcome as RunOutcome));
      else if (m.type === 'error') end(() => reject(new TrainyardError(m.code, m.message)));
    });
    worker.on('error', (err) => end(() => reject(err)));
    worker.on('exit', (code) => end(() => reject(new TrainyardError('internal', `the training worker exited (code ${code}) before finishing`))));
  });
}

export interface TrainingHost {
  project(): Project;
  events: EventBus;
  jobs: { start<T>(kind: 'train' | 'search', db: Db | null, work: (job: JobHandle) => Promise<T>, subject?: string): string };
}

export function startRun(host: TrainingHost, input: unknown, kind: RunKind = 'train'): { jobId: string; runId: string } {
  const project = host.project();
  const plan = resolvePlan(project.db, input);
  const runId = createRun(project.db, { datasetId: plan.dataset.id, kind, config: plan.config, model: plan.model, dataFingerprint: plan.set.fingerprint });
  // The worker claims the run; until it does, the row names this process, which is alive.
  const jobId = host.jobs.start('train', project.db, (job) => runInWorker({ projectDir: project.dir, runId, resume: false }, job, host.events), runId);
  return { jobId, runId };
}

export function resumeRun(host: TrainingHost, runId: string): { jobId: string; runId: string } {
  const project = host.project();
  const run = getRun(project.db, runId);
  if (run.status === 'completed') throw new TrainyardError('conflict', `run ${runId} has completed; start a new run instead`);
  if (run.status === 'running') throw new TrainyardError('conflict', `run ${runId} is still running`);
  if (!run.checkpointList.length) throw new TrainyardError('invalid_input', `run ${runId} has no checkpoint to resume from; start a new run`);
  claimRun(project.db, runId);
  const jobId = host.jobs.start('train', project.db, (job) => runInWorker({ projectDir: project.dir, runId, resume: true }, job, host.events), runId);
  return { jobId, runId };
}

/** A run with what its model explains about itself (top n-grams per class for linear text models). */
export function runDetail(project: Project, runId: string) {
  const run = getRun(project.db, runId);
  const file = path.join(runsDir(project), runId, 'model', 'top-features.json');
  let topFeatures = null;
  try {
    topFeatures = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    // Only linear text models write it, and only once they complete.
  }
  return { ...run, topFeatures };
}

export { finishRun };

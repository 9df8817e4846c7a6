/** `trainyard train`, `resume`, `runs`, `overfit-check` and `search`. */
import fs from 'node:fs';
import path from 'node:path';
import { TrainyardError, type Client, type RunDetail, type RunSummary } from '../../../shared/contract/index.ts';
import type { Command, RunArgs } from './commands.ts';
import { followJob, jobError, resolveDir } from './support.ts';

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The config file (if any) with --seed / --dataset / --model on top. */
function configFrom(values: RunArgs['values']): Record<string, unknown> {
  const file = str(values.config);
  let config: Record<string, unknown> = {};
  if (file) {
    const abs = path.resolve(file);
    if (!fs.existsSync(abs)) throw new TrainyardError('invalid_input', `no config file ${abs}`);
    try {
      config = JSON.parse(fs.readFileSync(abs, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new TrainyardError('invalid_input', `${abs} is not valid JSON: ${(err as Error).message}`);
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new TrainyardError('invalid_input', `${abs} must hold a JSON object`);
  }
  const seed = str(values.seed);
  if (seed !== undefined) {
    const n = Number(seed);
    if (!Number.isSafeInteger(n) || n < 0) throw new TrainyardError('invalid_input', `--seed takes a non-negative integer, got "${seed}"`);
    config.seed = n;
  }
  for (const k of ['dataset', 'model', 'backend'] as const) if (str(values[k])) config[k] = str(values[k]);
  return config;
}

/** The metrics an epoch has, in a fixed order: classification's accuracy or regression's errors and R². */
const SHOWN = ['loss', 'accuracy', 'mae', 'val_loss', 'val_accuracy', 'val_mae', 'val_rmse', 'val_r2'] as const;

function metricText(m: Record<string, number>, only: (k: string) => boolean = () => true): string {
  return SHOWN.filter((k) => m[k] !== undefined && only(k)).map((k) => `${k} ${m[k]!.toFixed(/loss/.test(k) ? 4 : 3)}`).join(', ');
}

function line(r: RunSummary): string {
  const best = r.best ? `best epoch ${r.best.epoch}: ${metricText(r.best.metrics, (k) => k.startsWith('val_'))}` : 'no epoch yet';
  return `${r.id}  ${r.status.padEnd(11)} ${r.model.padEnd(10)} ${(r.backend ?? '—').padEnd(8)} epoch ${String(r.epoch).padStart(3)}  ${r.checkpoints} ckpt  ${best}${r.error ? `  (${r.error})` : ''}`;
}

/** The --json shape of train and resume: {run, backend, best, history, status}. */
function runResult(d: RunDetail): Record<string, unknown> {
  return {
    run: d.id, status: d.status, backend: d.backend, model: d.model,
    best: d.best ? { epoch: d.best.epoch, metrics: d.best.metrics } : null,
    history: d.history.map((h) => ({ epoch: h.epoch, step: h.step, ...h.metrics })),
    checkpoints: d.checkpointList.map((c) => c.dir),
    ...(d.topFeatures ? { topFeatures: d.topFeatures } : {}),
  };
}

async function follow(api: Client, io: RunArgs['io'], json: boolean, started: { jobId: string; runId: string }): Promise<Record<string, unknown>> {
  const off = json ? () => undefined : api.on('training.epoch', (e) => {
    if (e.runId !== started.runId) return;
    const m = e.metrics;
    io.err(`epoch ${e.epoch}: ${metricText(m)}  [${e.backend}]`);
  });
  try {
    const job = await followJob(api, started.jobId);
    if (job.status !== 'completed') throw jobError(job);
    return job.result as Record<string, unknown>;
  } finally {
    off();
  }
}

async function trainOrResume(args: RunArgs, started: (api: Client) => Promise<{ jobId: string; runId: string }>): Promise<Record<string, unknown>> {
  const { api, positionals, io, json } = args;
  await api.call('project.open', { dir: resolveDir(positionals[0]) });
  const s = await started(api);
  if (!json) io.out(`run ${s.runId}`);
  await follow(api, io, json, s);
  const detail = await api.call('runs.get', { runId: s.runId });
  if (!json) {
    io.out(line(detail));
    for (const c of detail.topFeatures ?? []) io.out(`  ${c.class}: ${c.features.slice(0, 8).map((f) => f.feature).join(', ')}`);
  }
  return runResult(detail);
}

export const trainCommands: Record<string, Command> = {
  train: {
    summary: 'train a baseline model (auto picks one per modality); checkpoints every virtual epoch',
    help: `trainyard train DIR [--config FILE] [--seed N] [--dataset NAME] [--model NAME] [--backend B] [--json]

  --config FILE   JSON: modality, model, batchSize, learningRate, totalExamples, checkpoints, keepBest,
                  earlyStopping ({monitor, patience, minDelta, restoreBest} or false), reduceLrOnPlateau,
                  classWeights, augmentRecipe (a recipe or a preset name), seed, backend, modelOptions;
                  tabular: task (classification | regression), target (the column to predict), columns, dateParts
  --model NAME    auto, cnn, bow-logreg, lstm, mfcc-lstm, mfcc-cnn, linear, mlp
  --backend B     auto (tensorflow-gpu → tensorflow → wasm → cpu), or one of them
  --json          print {run, backend, best: {epoch, metrics}, history: [{epoch, loss, accuracy, val_loss, val_accuracy}]}
                  (regression: loss, mae, val_loss, val_mae, val_rmse, val_r2)`,
    options: { config: { type: 'string' }, seed: { type: 'string' }, dataset: { type: 'string' }, model: { type: 'string' }, backend: { type: 'string' } },
    run: (args) => trainOrResume(args, async (api) => {
      const config = configFrom(args.values);
      if (!args.json) args.io.out((await api.call('training.plan', { config })).explain);
      return api.call('training.start', { config });
    }),
  },

  resume: {
    summary: 'continue an interrupted run from its last checkpoint',
    help: 'trainyard resume DIR --run ID [--json]',
    options: { run: { type: 'string' } },
    run: (args) => trainOrResume(args, (api) => {
      const runId = str(args.values.run);
      if (!runId) throw new TrainyardError('invalid_input', '--run ID is required (see trainyard runs DIR)');
      return api.call('training.resume', { runId });
    }),
  },

  runs: {
    summary: 'list training runs: status (a run whose process died shows as interrupted), epoch, checkpoints, best',
    help: 'trainyard runs DIR [--json]',
    options: {},
    async run({ api, positionals, io, json }: RunArgs) {
      await api.call('project.open', { dir: resolveDir(positionals[0]) });
      const runs = await api.call('runs.list', {});
      if (!json) {
        if (!runs.length) io.out('no runs yet: trainyard train DIR');
        for (const r of runs) io.out(line(r));
      }
      return runs.map((r) => ({ id: r.id, kind: r.kind, status: r.status, model: r.model, backend: r.backend, epoch: r.epoch, checkpoints: r.checkpoints, best: r.best }));
    },
  },

  'overfit-check': {
    summary: 'train on ≤ 10 classes × 100 examples without regularisation: ≥ 90% accuracy on them, or the pipeline has a bug',
    help: 'trainyard overfit-check DIR [--config FILE] [--dataset NAME] [--model NAME] [--json]\n\nPrints {passed, accuracy, steps, initialLoss, expectedInitialLoss, evidence}.',
    options: { config: { type: 'string' }, dataset: { type: 'string' }, model: { type: 'string' }, backend: { type: 'string' }, seed: { type: 'string' } },
    async run({ api, values, positionals, io, json }: RunArgs) {
      await api.call('project.open', { dir: resolveDir(positionals[0]) });
      const s = await api.call('training.overfit', { config: configFrom(values) });
      const job = await followJob(api, s.jobId);
      if (job.status !== 'completed') throw jobError(job);
      const r = job.result as { passed: boolean; accuracy: number; steps: number; verdict: string };
      if (!json) io.out(r.verdict);
      return r;
    },
  },

  search: {
    summary: 'hyperparameter search (grid or random) under a trial budget; prints the trials ranked',
    help: `trainyard search DIR --space FILE [--strategy grid|random] [--trials N] [--config FILE] [--json]

  --space FILE   JSON: {"learningRate": [0.01, 0.001], "batchSize": [16, 32], "width": [...], "depth": [...], "dropout": [...], "l2": [...]}`,
    options: { space: { type: 'string' }, strategy: { type: 'string' }, trials: { type: 'string' }, config: { type: 'string' }, seed: { type: 'string' }, dataset: { type: 'string' }, model: { type: 'string' }, backend: { type: 'string' } },
    async run({ api, values, positionals, io, json }: RunArgs) {
      await api.call('project.open', { dir: resolveDir(positionals[0]) });
      const spaceFile = str(values.space);
      if (!spaceFile) throw new TrainyardError('invalid_input', '--space FILE is required');
      const space = JSON.parse(fs.readFileSync(path.resolve(spaceFile), 'utf8')) as Record<string, unknown>;
      const s = await api.call('training.search', {
        config: configFrom(values), space, strategy: (str(values.strategy) ?? 'random') as 'grid' | 'random', trials: Number(str(values.trials) ?? 6),
      });
      const job = await followJob(api, s.jobId);
      if (job.status !== 'completed') throw jobError(job);
      const r = job.result as { searchId: string; trials: Array<{ run: string; params: Record<string, unknown>; val_loss: number | null; metrics: Record<string, number> | null; status: string; best: boolean }> };
      if (!json) {
        for (const t of r.trials) {
          const scores = t.val_loss === null || !t.metrics ? `${t.status}, no epoch completed` : metricText(t.metrics);
          io.out(`${t.best ? '★' : ' '} ${t.run}  ${scores}  ${JSON.stringify(t.params)}`);
        }
      }
      return r;
    },
  },
};

/**
 * Hyperparameter search: grid (the cartesian product, in order, cut at the
 * trial budget) or random (seeded draws from each knob's values, no repeats
 * while new combinations remain). Trials run one after another, each a full
 * run with parentId = the search id, so they appear in the runs table and can
 * be compared; the best by validation loss is marked.
 */
import { randomBytes } from 'node:crypto';
import type { SearchSpace } from '../../../shared/contract/index.ts';
import { createRng } from '../../../shared/rng.ts';
import type { TrainConfig } from '../../../shared/training/config.ts';
import type { JobHandle } from '../../core/jobs.ts';
import { createRun, getRun } from './runs-repo.ts';
import { resolvePlan, runInWorker, type TrainingHost } from './service.ts';

export type Trial = Partial<Record<keyof SearchSpace, number>>;

export function trialsFor(space: SearchSpace, strategy: 'grid' | 'random', budget: number, seed: number): Trial[] {
  const keys = (Object.keys(space) as Array<keyof SearchSpace>).filter((k) => space[k]?.length);
  const total = keys.reduce((n, k) => n * space[k]!.length, 1);
  const at = (i: number): Trial => {
    const t: Trial = {};
    for (const k of [...keys].reverse()) {
      const vals = space[k]!;
      t[k] = vals[i % vals.length]!;
      i = Math.floor(i / vals.length);
    }
    return t;
  };
  if (strategy === 'grid') return Array.from({ length: Math.min(budget, total) }, (_, i) => at(i));
  const rng = createRng(seed);
  const seen = new Set<number>();
  const out: Trial[] = [];
  while (out.length < Math.min(budget, total)) {
    const i = rng.int(total);
    if (seen.has(i)) continue;
    seen.add(i);
    out.push(at(i));
  }
  return out;
}

function applyTrial(config: TrainConfig, t: Trial): TrainConfig {
  const { learningRate, batchSize, ...knobs } = t;
  return { ...config, learningRate: learningRate ?? config.learningRate, batchSize: batchSize ?? config.batchSize, modelOptions: { ...config.modelOptions, ...knobs } };
}

export function startSearch(host: TrainingHost, input: { config: unknown; space: SearchSpace; strategy: 'grid' | 'random'; trials: number }): { jobId: string; searchId: string } {
  const project = host.project();
  const plan = resolvePlan(project.db, input.config);
  const trials = trialsFor(input.space, input.strategy, input.trials, plan.config.seed);
  const searchId = `search-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  const jobId = host.jobs.start('search', project.db, async (job: JobHandle) => {
    // A trial without a finished epoch (failed at once, NaN) has no metrics: null, ranked last.
    const results: Array<{ run: string; params: Trial; val_loss: number | null; val_accuracy: number | null; metrics: Record<string, number> | null; status: string; best: boolean }> = [];
    for (const [i, t] of trials.entries()) {
      if (job.signal.aborted) break;
      job.progress(i, trials.length, 0, `trial ${i + 1} of ${trials.length}: ${JSON.stringify(t)}`);
      const config = applyTrial(plan.config, t);
      const runId = createRun(project.db, { datasetId: plan.dataset.id, kind: 'trial', parentId: searchId, config, model: plan.model, dataFingerprint: plan.set.fingerprint });
      try {
        await runInWorker({ projectDir: project.dir, runId, resume: false }, job, host.events);
      } catch {
        // A failed trial (NaN at a high learning rate, say) is a result too: it ranks last.
      }
      const d = getRun(project.db, runId);
      const loss = d.best?.metrics.val_loss;
      // metrics: the best epoch's validation metrics (regression has val_mae, val_rmse, val_r2 and no accuracy).
      results.push({
        run: runId, params: t, val_loss: Number.isFinite(loss) ? loss! : null, val_accuracy: d.best?.metrics.val_accuracy ?? null,
        metrics: d.best ? Object.fromEntries(Object.entries(d.best.metrics).filter(([k]) => k.startsWith('val_'))) : null, status: d.status, best: false,
      });
    }
    results.sort((a, b) => (a.val_loss ?? Infinity) - (b.val_loss ?? Infinity));
    if (results[0] && results[0].val_loss !== null) results[0].best = true;
    job.progress(trials.length, trials.length);
    return { searchId, strategy: input.strategy, trials: results };
  }, searchId);
  return { jobId, searchId };
}

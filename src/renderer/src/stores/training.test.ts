// @vitest-environment happy-dom
// The training store against an in-memory fake of the contract: the plan is
// asked with the form's config (and not at all when the schema already
// refuses it), API errors are kept with their field issues, live epochs and
// job events update the selected run, cancel/resume/overfit/search go to the
// right job.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, RunSummary } from '@shared/contract/index.ts';
import { TrainyardError } from '@shared/contract/index.ts';

const listeners = new Map<string, Array<(p: unknown) => void>>();
const emit = (name: string, payload: unknown): void => listeners.get(name)?.forEach((cb) => cb(payload));
const calls: Array<[string, unknown]> = [];
let runs: RunSummary[] = [];
let planImpl: (input: { config: Record<string, unknown> }) => Promise<unknown>;

const summary = (id: string, over: Partial<RunSummary> = {}): RunSummary => ({
  id, datasetId: 1, kind: 'train', parentId: null, status: 'completed', model: 'cnn', backend: 'wasm', epoch: 2, checkpoints: 2,
  best: { epoch: 2, metrics: { val_loss: 0.5, val_accuracy: 0.8 } }, error: null, createdAt: '2026-11-28T10:00:00Z', updatedAt: '2026-11-28T10:00:00Z', ...over,
});
const detailOf = (r: RunSummary): RunDetail => ({
  ...r, config: { checkpoints: 4 }, versions: {}, dataFingerprint: null, topFeatures: null, checkpointList: [{ epoch: 1, dir: 'ckpt-0001', metric: 0.9 }],
  history: [{ epoch: 1, step: 4, metrics: { loss: 1.2, val_loss: 1.1, accuracy: 0.4, val_accuracy: 0.5 } }],
});
const record = (name: string) => async (input: unknown) => {
  calls.push([name, input]);
  return undefined;
};

vi.mock('../api/index.ts', () => ({
  api: {
    runs: {
      list: async (input: unknown) => (calls.push(['runs.list', input]), runs),
      get: async ({ runId }: { runId: string }) => detailOf(runs.find((r) => r.id === runId) ?? summary(runId)),
    },
    recipes: { list: async () => [{ id: 5, name: 'mine', modality: 'image', version: 2, updatedAt: '' }], get: async () => ({ recipe: { name: 'mine', steps: [] } }) },
    jobs: { list: async () => [], cancel: async (i: unknown) => (calls.push(['jobs.cancel', i]), { cancelled: true }) },
    training: {
      plan: (input: { config: Record<string, unknown> }) => (calls.push(['training.plan', input]), planImpl(input)),
      start: async (input: unknown) => {
        await record('training.start')(input);
        runs = [summary('run-new', { status: 'running', epoch: 0, best: null }), ...runs];
        return { jobId: 'job-1', runId: 'run-new' };
      },
      resume: async (input: unknown) => (calls.push(['training.resume', input]), { jobId: 'job-2', runId: 'run-old' }),
      overfit: async (input: unknown) => (calls.push(['training.overfit', input]), { jobId: 'job-3', runId: 'run-of' }),
      search: async (input: unknown) => (calls.push(['training.search', input]), { jobId: 'job-4', searchId: 'search-1' }),
    },
  },
  client: {
    on: (name: string, cb: (p: unknown) => void) => {
      listeners.set(name, [...(listeners.get(name) ?? []), cb]);
      return () => undefined;
    },
  },
}));

const { apiError, bestRun, mergeHistory, useTrainingStore } = await import('./training.ts');

const plan = { datasetId: 1, dataset: 'shapes', modality: 'image', model: 'cnn', classes: ['a', 'b'], trainSize: 200, validationSize: 20, stepsPerEpoch: 63, epochs: 10, examplesPerEpoch: 2016, totalSteps: 630, explain: '20000 examples ÷ …', config: {} };

describe('training store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    listeners.clear();
    calls.length = 0;
    runs = [summary('run-old', { status: 'interrupted', createdAt: '2026-11-27T10:00:00Z' })];
    planImpl = async () => plan;
    vi.useRealTimers();
  });

  it('asks for the plan with the form as a config, and keeps the service’s error with its field issues', async () => {
    const store = useTrainingStore();
    await store.open(1, 'shapes', 'image');
    store.form.totalExamples = 256;
    store.form.earlyStopping = false;
    store.form.augment = 'preset:image-default';
    await store.refreshPlan();
    expect(store.plan?.stepsPerEpoch).toBe(63);
    const sent = calls.find(([n]) => n === 'training.plan')![1] as { config: Record<string, unknown> };
    expect(sent.config).toMatchObject({ dataset: 'shapes', totalExamples: 256, earlyStopping: false, reduceLrOnPlateau: false, augmentRecipe: 'image-default', batchSize: 32 });

    planImpl = async () => {
      throw new TrainyardError('invalid_input', 'dataset shapes has no validation split: re-split', { issues: [{ path: 'x', message: 'x: bad' }] });
    };
    await store.refreshPlan();
    expect(store.plan).toBeNull();
    expect(store.planError).toEqual({ message: 'dataset shapes has no validation split: re-split', code: 'invalid_input', issues: ['x: bad'] });
  });

  it('keeps a table\'s last resolved columns while a later plan fails, so a target can still be picked', async () => {
    const store = useTrainingStore();
    await store.open(2, 'orders', 'text');
    const columns = [{ name: 'amount', type: 'numeric', from: 'inferred' }, { name: 'price', type: 'numeric', from: 'inferred' }];
    planImpl = async () => ({ ...plan, modality: 'tabular', task: 'classification', target: null, columns });
    store.form.asTable = true;
    await store.refreshPlan();
    expect(store.lastColumns).toEqual(columns);
    planImpl = async () => {
      throw new TrainyardError('invalid_input', 'target: name the numeric column to predict');
    };
    store.form.task = 'regression';
    await store.refreshPlan();
    expect(store.plan).toBeNull();
    expect(store.lastColumns).toEqual(columns);
    await store.open(3, 'other', 'tabular');
    expect(store.lastColumns).toBeNull();
  });

  it('does not ask the service when the schema already refuses a field, and names it', async () => {
    const store = useTrainingStore();
    await store.open(1, 'shapes', 'image');
    store.form.batchSize = 0;
    await store.refreshPlan();
    expect(calls.some(([n]) => n === 'training.plan')).toBe(false);
    expect(store.localIssues.map((i) => i.path)).toEqual(['batchSize']);
    expect(store.planError?.issues[0]).toMatch(/^batchSize: /);
  });

  it('sends a saved recipe whole', async () => {
    const store = useTrainingStore();
    await store.open(1, 'shapes', 'image');
    store.form.augment = 'saved:5';
    await store.refreshPlan();
    const sent = calls.find(([n]) => n === 'training.plan')![1] as { config: Record<string, unknown> };
    expect(sent.config.augmentRecipe).toEqual({ name: 'mine', steps: [] });
  });

  it('starts a run, follows it live (epochs, progress, backend) and refreshes when the job ends', async () => {
    vi.useFakeTimers();
    const store = useTrainingStore();
    await store.open(1, 'shapes', 'image');
    expect(store.selectedId).toBe('run-old');
    expect(await store.start()).toBe('run-new');
    expect(store.selectedId).toBe('run-new');
    expect(store.jobFor('run-new')?.jobId).toBe('job-1');

    emit('job.progress', { jobId: 'job-1', kind: 'train', done: 3, total: 8, errors: 0, etaSec: 12, message: 'epoch 1 · loss 1.2 · wasm' });
    expect(store.jobFor('run-new')?.progress?.etaSec).toBe(12);
    emit('training.epoch', { runId: 'run-new', epoch: 2, step: 8, metrics: { loss: 0.7, val_loss: 0.8 }, backend: 'wasm' });
    // The stored epoch 1 and the live epoch 2, in order.
    expect(store.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(store.runs.find((r) => r.id === 'run-new')?.epoch).toBe(2);

    runs = runs.map((r) => (r.id === 'run-new' ? { ...r, status: 'completed' } : r));
    emit('job.finished', { id: 'job-1', kind: 'train', status: 'completed', done: 8, total: 8, startedAt: '', result: { run: 'run-new' } });
    expect(store.jobs['job-1']?.status).toBe('completed');
    expect(store.jobFor('run-new')).toBeNull();
    await vi.advanceTimersByTimeAsync(300);
    expect(store.runs.find((r) => r.id === 'run-new')?.status).toBe('completed');
  });

  it('cancels through the run’s job, resumes, and keeps a failed call’s message', async () => {
    const store = useTrainingStore();
    await store.open(1, 'shapes', 'image');
    await store.start();
    await store.cancel('run-new');
    expect(calls.find(([n]) => n === 'jobs.cancel')?.[1]).toEqual({ jobId: 'job-1' });
    await store.resume('run-old');
    expect(calls.find(([n]) => n === 'training.resume')?.[1]).toEqual({ runId: 'run-old' });
    expect(store.jobFor('run-old')?.jobId).toBe('job-2');
    expect(apiError(new TrainyardError('conflict', 'run run-old is still running')).message).toBe('run run-old is still running');
  });

  it('tracks the overfit check and the search by their jobs, with their results', async () => {
    const store = useTrainingStore();
    await store.open(1, 'shapes', 'image');
    await store.runOverfit();
    expect(store.overfit?.runId).toBe('run-of');
    const verdict = { passed: true, accuracy: 0.98, steps: 40, initialLoss: 1.4, expectedInitialLoss: Math.log(4), lossCurve: [1.4, 0.2], classCounts: { a: 3 }, verdict: 'passed' };
    emit('job.finished', { id: 'job-3', kind: 'train', status: 'completed', done: 1, total: 1, startedAt: '', result: verdict });
    expect(store.overfit?.result).toEqual(verdict);

    await store.runSearch({ learningRate: [0.01, 0.001] }, 'grid', 2);
    expect(calls.find(([n]) => n === 'training.search')?.[1]).toMatchObject({ space: { learningRate: [0.01, 0.001] }, strategy: 'grid', trials: 2 });
    emit('job.progress', { jobId: 'job-4', kind: 'search', done: 1, total: 2, errors: 0, etaSec: null, message: 'trial 2 of 2' });
    expect(store.search?.progress?.message).toBe('trial 2 of 2');
  });
});

describe('training helpers', () => {
  it('merges stored and live epochs by epoch number, live winning', () => {
    const e = (epoch: number, loss: number) => ({ epoch, step: epoch, metrics: { loss } });
    expect(mergeHistory([e(1, 1), e(2, 0.9)], [e(2, 0.8), e(3, 0.7)])).toEqual([e(1, 1), e(2, 0.8), e(3, 0.7)]);
  });

  it('marks the best run by validation accuracy, then loss, never an overfit check', () => {
    const list = [
      summary('a', { best: { epoch: 1, metrics: { val_accuracy: 0.9, val_loss: 0.3 } } }),
      summary('b', { best: { epoch: 1, metrics: { val_accuracy: 0.9, val_loss: 0.2 } } }),
      summary('c', { kind: 'overfit', best: { epoch: 1, metrics: { val_accuracy: 1, val_loss: 0.01 } } }),
      summary('d', { best: null }),
    ];
    expect(bestRun(list)).toBe('b');
    expect(bestRun([list[2]!, list[3]!])).toBeNull();
  });

  it('compares only runs of the latest run\'s task: R² against R², accuracy against accuracy', () => {
    const cls = summary('cls', { createdAt: '2026-11-28T09:00:00Z', best: { epoch: 1, metrics: { val_accuracy: 0.99, val_loss: 0.01 } } });
    const r1 = summary('r1', { createdAt: '2026-11-28T10:00:00Z', best: { epoch: 1, metrics: { val_r2: 0.8, val_loss: 0.2 } } });
    const r2 = summary('r2', { createdAt: '2026-11-28T11:00:00Z', best: { epoch: 1, metrics: { val_r2: 0.7, val_loss: 0.3 } } });
    expect(bestRun([cls, r1, r2])).toBe('r1');
    expect(bestRun([cls, r1, r2, summary('cls2', { createdAt: '2026-11-28T12:00:00Z', best: { epoch: 1, metrics: { val_accuracy: 0.5, val_loss: 1 } } })])).toBe('cls');
  });
});

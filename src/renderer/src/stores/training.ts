/**
 * Training as the studio sees it: the launch form and its plan (the
 * virtual-epoch arithmetic from `training.plan`), the dataset's runs, the
 * selected run's detail merged with epochs arriving live, the jobs this
 * window started (progress, ETA, backend, cancel, resume), the overfit check
 * and hyperparameter search. Failed calls are kept as messages so the view
 * shows them where the action was, never swallowed.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EventPayload, JobInfo, Output, RunDetail, RunSummary, SearchSpace, TrainPlan } from '@shared/contract/index.ts';
import { parseTrainConfig, type TrainConfigInput } from '@shared/training/config.ts';
import { api, client } from '../api/index.ts';
import { scoreKind, scoreOf } from '../components/training/format.ts';
import { defaultForm, inputKind, modelOptionIssues, toConfig, type LaunchForm } from '../components/training/launch-form.ts';

export type Epoch = RunDetail['history'][number];
export type RecipeRow = Output<'recipes.list'>[number];
export type Progress = EventPayload<'job.progress'>;
export interface ApiError { message: string; code: string | null; issues: string[] }
export interface TrackedJob {
  jobId: string;
  /** The run (train, overfit) or the search id. */
  runId: string;
  kind: 'train' | 'overfit' | 'search';
  status: JobInfo['status'];
  progress: Progress | null;
  error: string | null;
  result: unknown;
}
export interface OverfitResult {
  run: string; backend: string; passed: boolean; accuracy: number; score?: number; metric?: 'accuracy' | 'r2'; initialLossOk?: boolean | null;
  steps: number; initialLoss: number | null; expectedInitialLoss: number;
  lossCurve: number[]; classCounts: Record<string, number>; verdict: string;
}
/** A trial's val_loss is null when it never finished an epoch (Infinity does not survive JSON). */
export interface SearchTrial {
  run: string; params: Record<string, number>; val_loss: number | null; val_accuracy: number | null;
  /** The best epoch's validation metrics (regression: val_mae, val_rmse, val_r2); null without a finished epoch. */
  metrics: Record<string, number> | null; status: string; best: boolean;
}
export interface SearchResult { searchId: string; strategy: 'grid' | 'random'; trials: SearchTrial[] }

export function apiError(err: unknown): ApiError {
  const e = err as { message?: unknown; code?: unknown; details?: { issues?: Array<{ message?: string }> } } | null;
  const issues = Array.isArray(e?.details?.issues) ? e.details.issues.map((i) => String(i.message ?? i)) : [];
  return { message: typeof e?.message === 'string' ? e.message : String(err), code: typeof e?.code === 'string' ? e.code : null, issues };
}

/** A run's epochs: what the database had when last fetched, with the epochs that arrived since on top. */
export function mergeHistory(stored: readonly Epoch[], live: readonly Epoch[]): Epoch[] {
  const by = new Map<number, Epoch>(stored.map((e) => [e.epoch, e]));
  for (const e of live) by.set(e.epoch, e);
  return [...by.values()].sort((a, b) => a.epoch - b.epoch);
}

/**
 * The run to mark best: highest validation accuracy (R² for regression), then
 * lowest validation loss. Accuracy and R² (and cross-entropy and MSE) do not
 * compare, so only runs of the latest run's task compete. Overfit checks do
 * not count (they evaluate on train data).
 */
export function bestRun(runs: readonly RunSummary[]): string | null {
  const kind = (r: RunSummary): string => scoreKind(r.best?.metrics) ?? 'accuracy';
  const candidates = runs.filter((r) => r.kind !== 'overfit' && r.best);
  const latest = [...candidates].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
  if (!latest) return null;
  const acc = (r: RunSummary): number => scoreOf(r.best?.metrics) ?? -Infinity;
  const loss = (r: RunSummary): number => r.best?.metrics.val_loss ?? Infinity;
  let best: RunSummary | null = null;
  for (const r of candidates) {
    if (kind(r) !== kind(latest)) continue;
    if (!best || acc(r) > acc(best) || (acc(r) === acc(best) && loss(r) < loss(best))) best = r;
  }
  return best?.id ?? null;
}

export const RESUMABLE = new Set(['interrupted', 'cancelled', 'failed']);

export const useTrainingStore = defineStore('training', () => {
  const datasetId = ref<number | null>(null);
  const dataset = ref('');
  const modality = ref('');
  const form = ref<LaunchForm>(defaultForm());
  const plan = ref<TrainPlan | null>(null);
  const planError = ref<ApiError | null>(null);
  const planning = ref(false);
  /** The last columns a plan resolved (tables): kept while a later plan fails, so the dialog can still fix types or pick a target. */
  const lastColumns = ref<TrainPlan['columns']>(null);
  const recipes = ref<RecipeRow[]>([]);
  const runs = ref<RunSummary[]>([]);
  const runsError = ref<ApiError | null>(null);
  const selectedId = ref<string | null>(null);
  const detail = ref<RunDetail | null>(null);
  const detailError = ref<ApiError | null>(null);
  const live = ref<Record<string, Epoch[]>>({});
  const jobs = ref<Record<string, TrackedJob>>({});
  const overfitJobId = ref<string | null>(null);
  const searchJobId = ref<string | null>(null);
  const actionError = ref<ApiError | null>(null);
  const recipeJson = new Map<number, Record<string, unknown>>();
  let planSeq = 0;
  let listening = false;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const config = computed<TrainConfigInput>(() => toConfig(form.value, dataset.value, recipeJson, modality.value));
  /** Problems the config schema finds before asking the service, each naming its field. */
  const localIssues = computed(() => {
    const r = parseTrainConfig(config.value);
    return [...(r.ok ? [] : r.issues), ...modelOptionIssues(form.value, inputKind(form.value, modality.value))];
  });
  const bestRunId = computed(() => bestRun(runs.value));
  const selected = computed(() => runs.value.find((r) => r.id === selectedId.value) ?? null);
  const history = computed<Epoch[]>(() => {
    const id = selectedId.value;
    if (!id) return [];
    return mergeHistory(detail.value?.id === id ? detail.value.history : [], live.value[id] ?? []);
  });
  const overfit = computed(() => (overfitJobId.value ? jobs.value[overfitJobId.value] ?? null : null));
  const search = computed(() => (searchJobId.value ? jobs.value[searchJobId.value] ?? null : null));

  /** The job driving a run: its own, or the search it is a trial of. */
  function jobFor(runId: string): TrackedJob | null {
    const run = runs.value.find((r) => r.id === runId);
    const all = Object.values(jobs.value).filter((j) => j.status === 'running');
    return all.find((j) => j.runId === runId) ?? (run?.parentId ? all.find((j) => j.runId === run.parentId) ?? null : null);
  }

  function track(jobId: string, runId: string, kind: TrackedJob['kind']): void {
    jobs.value = { ...jobs.value, [jobId]: { jobId, runId, kind, status: 'running', progress: null, error: null, result: undefined } };
  }

  function patchJob(jobId: string, patch: Partial<TrackedJob>): void {
    const j = jobs.value[jobId];
    if (j) jobs.value = { ...jobs.value, [jobId]: { ...j, ...patch } };
  }

  function scheduleRefresh(): void {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void refreshRuns();
      if (selectedId.value) void loadDetail(selectedId.value);
    }, 250);
  }

  function onEpoch(e: EventPayload<'training.epoch'>): void {
    const rec: Epoch = { epoch: e.epoch, step: e.step, metrics: e.metrics };
    live.value = { ...live.value, [e.runId]: mergeHistory(live.value[e.runId] ?? [], [rec]) };
    runs.value = runs.value.map((r) => (r.id === e.runId ? { ...r, epoch: e.epoch, backend: e.backend } : r));
    if (detail.value?.id === e.runId) detail.value = { ...detail.value, backend: e.backend };
    scheduleRefresh();
  }

  /** A run was created or changed anywhere (this window, another, the CLI): refresh if it is this dataset's. */
  function onRun(e: EventPayload<'training.run'>): void {
    if (e.datasetId === datasetId.value) scheduleRefresh();
  }

  function onFinished(j: JobInfo): void {
    if (jobs.value[j.id]) patchJob(j.id, { status: j.status, error: j.error ?? null, result: j.result, progress: null });
    // Runs started elsewhere (another window, the CLI) end here too.
    if (jobs.value[j.id] || j.kind === 'train' || j.kind === 'search') scheduleRefresh();
  }

  function listen(): void {
    if (listening) return;
    listening = true;
    client.on('training.epoch', onEpoch);
    client.on('training.run', onRun);
    client.on('job.progress', (p) => {
      if (jobs.value[p.jobId]) patchJob(p.jobId, { progress: p });
    });
    client.on('job.finished', onFinished);
  }

  async function guard<T>(target: typeof actionError, fn: () => Promise<T>): Promise<T | null> {
    target.value = null;
    try {
      return await fn();
    } catch (err) {
      target.value = apiError(err);
      return null;
    }
  }

  async function refreshRuns(): Promise<void> {
    if (datasetId.value === null) return;
    const id = datasetId.value;
    const list = await guard(runsError, () => api.runs.list({ datasetId: id }));
    if (list && id === datasetId.value) runs.value = list;
  }

  async function loadDetail(runId: string): Promise<void> {
    const d = await guard(detailError, () => api.runs.get({ runId }));
    if (d && selectedId.value === runId) detail.value = d;
  }

  async function select(runId: string | null): Promise<void> {
    selectedId.value = runId;
    if (detail.value?.id !== runId) detail.value = null;
    if (runId) await loadDetail(runId);
  }

  /** Jobs started before this window opened (or before a reload): a train job names its run as its subject. */
  async function adoptRunning(): Promise<void> {
    const running = (await api.jobs.list({})).filter((j) => j.status === 'running' && j.kind === 'train' && !jobs.value[j.id]);
    for (const j of running) {
      const run = runs.value.find((r) => r.id === j.subject && r.kind !== 'trial' && !jobFor(r.id));
      if (run) track(j.id, run.id, run.kind === 'overfit' ? 'overfit' : 'train');
    }
  }

  async function open(id: number, name: string, kind: string): Promise<void> {
    listen();
    if (datasetId.value !== id) {
      datasetId.value = id;
      dataset.value = name;
      modality.value = kind;
      form.value = defaultForm();
      plan.value = null;
      planError.value = null;
      lastColumns.value = null;
      runs.value = [];
      selectedId.value = null;
      detail.value = null;
      overfitJobId.value = null;
      searchJobId.value = null;
    }
    await Promise.all([refreshRuns(), loadRecipes(kind)]);
    await guard(actionError, adoptRunning);
    const pick = selectedId.value ?? runs.value.find((r) => r.status === 'running')?.id ?? runs.value.find((r) => r.kind === 'train')?.id ?? null;
    await select(pick);
  }

  async function loadRecipes(kind: string): Promise<void> {
    const m = kind === 'image' || kind === 'text' || kind === 'audio' ? kind : undefined;
    recipes.value = (await guard(actionError, () => api.recipes.list(m ? { modality: m } : {}))) ?? [];
  }

  /** Fetches the saved recipe the form points at, so the config carries it whole. */
  async function ensureRecipe(): Promise<void> {
    const a = form.value.augment;
    if (!a.startsWith('saved:')) return;
    const id = Number(a.slice('saved:'.length));
    if (!recipeJson.has(id)) recipeJson.set(id, (await api.recipes.get({ id })).recipe);
  }

  async function currentConfig(): Promise<TrainConfigInput> {
    await ensureRecipe();
    return toConfig(form.value, dataset.value, recipeJson, modality.value);
  }

  async function refreshPlan(): Promise<void> {
    const seq = ++planSeq;
    planning.value = true;
    try {
      if (localIssues.value.length) throw Object.assign(new Error('invalid training config'), { code: 'invalid_input', details: { issues: localIssues.value } });
      const p = await api.training.plan({ config: await currentConfig() });
      if (seq !== planSeq) return;
      plan.value = p;
      planError.value = null;
      if (p.columns) lastColumns.value = p.columns;
    } catch (err) {
      if (seq !== planSeq) return;
      plan.value = null;
      planError.value = apiError(err);
    } finally {
      if (seq === planSeq) planning.value = false;
    }
  }

  async function start(): Promise<string | null> {
    const r = await guard(actionError, async () => api.training.start({ config: await currentConfig() }));
    if (!r) return null;
    track(r.jobId, r.runId, 'train');
    live.value = { ...live.value, [r.runId]: [] };
    await refreshRuns();
    await select(r.runId);
    return r.runId;
  }

  async function resume(runId: string): Promise<void> {
    const r = await guard(actionError, () => api.training.resume({ runId }));
    if (!r) return;
    track(r.jobId, r.runId, 'train');
    await refreshRuns();
    await select(r.runId);
  }

  async function cancel(runId: string): Promise<void> {
    const j = jobFor(runId);
    if (j) await guard(actionError, () => api.jobs.cancel({ jobId: j.jobId }));
  }

  async function cancelJob(jobId: string): Promise<void> {
    await guard(actionError, () => api.jobs.cancel({ jobId }));
  }

  async function runOverfit(): Promise<void> {
    const r = await guard(actionError, async () => api.training.overfit({ config: await currentConfig() }));
    if (!r) return;
    track(r.jobId, r.runId, 'overfit');
    overfitJobId.value = r.jobId;
    await refreshRuns();
  }

  async function runSearch(space: SearchSpace, strategy: 'grid' | 'random', trials: number): Promise<void> {
    const r = await guard(actionError, async () => api.training.search({ config: await currentConfig(), space, strategy, trials }));
    if (!r) return;
    track(r.jobId, r.searchId, 'search');
    searchJobId.value = r.jobId;
  }

  return {
    datasetId, dataset, modality, form, plan, planError, planning, lastColumns, recipes, runs, runsError, selectedId, selected, detail, detailError, live, jobs,
    overfitJobId, searchJobId, actionError, config, localIssues, bestRunId, history, overfit, search,
    listen, open, select, refreshRuns, refreshPlan, start, resume, cancel, cancelJob, runOverfit, runSearch, jobFor, ensureRecipe,
  };
});

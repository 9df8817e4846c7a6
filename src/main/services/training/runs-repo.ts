/**
 * Training runs in the project database: config, backend and versions, the
 * data fingerprint, per-epoch metrics, checkpoints. A run whose process died
 * (status still `running`, pid gone) reads as `interrupted`, never as running.
 */
import { randomBytes } from 'node:crypto';
import { TrainyardError } from '../../../shared/contract/index.ts';
import type { TrainConfig } from '../../../shared/training/config.ts';
import type { Db } from '../project/db.ts';
import { isAlive } from '../project/project.ts';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
export type RunKind = 'train' | 'overfit' | 'trial';
export type Metrics = Record<string, number>;

export interface EpochRecord {
  epoch: number;
  step: number;
  metrics: Metrics;
}

export interface RunSummary {
  id: string;
  datasetId: number;
  kind: RunKind;
  parentId: string | null;
  status: RunStatus;
  model: string;
  backend: string | null;
  epoch: number;
  checkpoints: number;
  best: { epoch: number; metrics: Metrics } | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunDetail extends RunSummary {
  config: TrainConfig;
  versions: Record<string, string>;
  dataFingerprint: string | null;
  history: EpochRecord[];
  checkpointList: Array<{ epoch: number; dir: string; metric: number | null }>;
}

interface RunRow {
  id: string; dataset_id: number; kind: RunKind; parent_id: string | null; status: RunStatus; config: string; model: string; backend: string | null;
  versions: string | null; data_fingerprint: string | null; pid: number | null; epoch: number; best: string | null; error: string | null;
  created_at: string; updated_at: string; n_ckpt?: number;
}

const now = (): string => new Date().toISOString();

/** Sortable and readable: run-20261128-235959-3fa2. */
export function newRunId(date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

function summary(r: RunRow): RunSummary {
  const status: RunStatus = r.status === 'running' && !isAlive(r.pid) ? 'interrupted' : r.status;
  return {
    id: r.id, datasetId: r.dataset_id, kind: r.kind, parentId: r.parent_id, status, model: r.model, backend: r.backend, epoch: r.epoch,
    checkpoints: r.n_ckpt ?? 0, best: r.best ? (JSON.parse(r.best) as RunSummary['best']) : null, error: r.error, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

const SELECT = 'SELECT r.*, (SELECT count(*) FROM checkpoints c WHERE c.run_id = r.id) AS n_ckpt FROM runs r';

export function createRun(db: Db, r: { id?: string; datasetId: number; kind?: RunKind; parentId?: string | null; config: TrainConfig; model: string; dataFingerprint: string | null }): string {
  const id = r.id ?? newRunId();
  const t = now();
  db.run(
    `INSERT INTO runs (id, dataset_id, kind, parent_id, status, config, model, data_fingerprint, pid, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
    id, r.datasetId, r.kind ?? 'train', r.parentId ?? null, JSON.stringify(r.config), r.model, r.dataFingerprint, process.pid, t, t,
  );
  return id;
}

/** Marks the run as owned by this process again (resume). */
export function claimRun(db: Db, id: string): void {
  const row = db.get<RunRow>('SELECT * FROM runs WHERE id = ?', id);
  if (!row) throw new TrainyardError('not_found', `no run ${id}`);
  if (row.status === 'running' && isAlive(row.pid) && row.pid !== process.pid) throw new TrainyardError('conflict', `run ${id} is still running (pid ${row.pid})`);
  if (row.status === 'completed') throw new TrainyardError('conflict', `run ${id} has completed; start a new run instead`);
  db.run("UPDATE runs SET status = 'running', pid = ?, error = NULL, updated_at = ? WHERE id = ?", process.pid, now(), id);
}

export function setRunBackend(db: Db, id: string, backend: string, versions: Record<string, string>): void {
  db.run('UPDATE runs SET backend = ?, versions = ?, updated_at = ? WHERE id = ?', backend, JSON.stringify(versions), now(), id);
}

/**
 * Records an epoch and its checkpoint in one transaction, then says which
 * checkpoint folders are no longer kept (the caller deletes them after the
 * commit, so a crash in between leaves an extra folder, never a missing one).
 */
export function recordEpoch(
  db: Db, id: string,
  e: EpochRecord & { checkpointDir: string | null; monitor: string; mode: 'min' | 'max'; keepBest: number },
): { dropped: string[]; best: { epoch: number; metrics: Metrics } } {
  return db.tx(() => {
    const t = now();
    db.run('INSERT OR REPLACE INTO run_epochs (run_id, epoch, step, metrics, created_at) VALUES (?, ?, ?, ?, ?)', id, e.epoch, e.step, JSON.stringify(e.metrics), t);
    const metric = e.metrics[e.monitor];
    if (e.checkpointDir) db.run('INSERT OR REPLACE INTO checkpoints (run_id, epoch, dir, metric, created_at) VALUES (?, ?, ?, ?, ?)', id, e.epoch, e.checkpointDir, Number.isFinite(metric) ? metric! : null, t);
    const rows = db.all<{ epoch: number; metrics: string }>('SELECT epoch, metrics FROM run_epochs WHERE run_id = ? ORDER BY epoch', id);
    const better = (a: number, b: number): boolean => (e.mode === 'min' ? a < b : a > b);
    let best: { epoch: number; metrics: Metrics } | null = null;
    for (const r of rows) {
      const m = JSON.parse(r.metrics) as Metrics;
      const v = m[e.monitor];
      if (v === undefined || !Number.isFinite(v)) continue;
      if (!best || better(v, best.metrics[e.monitor]!)) best = { epoch: r.epoch, metrics: m };
    }
    best ??= { epoch: e.epoch, metrics: e.metrics };
    db.run('UPDATE runs SET epoch = ?, best = ?, updated_at = ? WHERE id = ?', e.epoch, JSON.stringify(best), t, id);
    const ckpts = db.all<{ epoch: number; dir: string; metric: number | null }>('SELECT epoch, dir, metric FROM checkpoints WHERE run_id = ? ORDER BY epoch', id);
    const last = ckpts.at(-1)?.epoch;
    const ranked = ckpts.filter((c) => c.metric !== null).sort((a, b) => (e.mode === 'min' ? a.metric! - b.metric! : b.metric! - a.metric!) || a.epoch - b.epoch);
    const keep = new Set([last, ...ranked.slice(0, e.keepBest).map((c) => c.epoch)]);
    const dropped = ckpts.filter((c) => !keep.has(c.epoch));
    for (const c of dropped) db.run('DELETE FROM checkpoints WHERE run_id = ? AND epoch = ?', id, c.epoch);
    return { dropped: dropped.map((c) => c.dir), best };
  });
}

export function finishRun(db: Db, id: string, status: Exclude<RunStatus, 'running' | 'interrupted'>, error: string | null = null): void {
  db.run('UPDATE runs SET status = ?, error = ?, pid = NULL, updated_at = ? WHERE id = ?', status, error, now(), id);
}

export function listRuns(db: Db, opts: { datasetId?: number; parentId?: string } = {}): RunSummary[] {
  const where: string[] = [];
  const params: Array<number | string> = [];
  if (opts.datasetId !== undefined) {
    where.push('r.dataset_id = ?');
    params.push(opts.datasetId);
  }
  if (opts.parentId !== undefined) {
    where.push('r.parent_id = ?');
    params.push(opts.parentId);
  }
  return db.all<RunRow>(`${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at DESC, r.id DESC`, ...params).map(summary);
}

export function getRun(db: Db, id: string): RunDetail {
  const r = db.get<RunRow>(`${SELECT} WHERE r.id = ?`, id);
  if (!r) throw new TrainyardError('not_found', `no run ${id}`);
  const history = db.all<{ epoch: number; step: number; metrics: string }>('SELECT epoch, step, metrics FROM run_epochs WHERE run_id = ? ORDER BY epoch', id)
    .map((h) => ({ epoch: h.epoch, step: h.step, metrics: JSON.parse(h.metrics) as Metrics }));
  const checkpointList = db.all<{ epoch: number; dir: string; metric: number | null }>('SELECT epoch, dir, metric FROM checkpoints WHERE run_id = ? ORDER BY epoch', id);
  return {
    ...summary(r), config: JSON.parse(r.config) as TrainConfig, versions: r.versions ? (JSON.parse(r.versions) as Record<string, string>) : {},
    dataFingerprint: r.data_fingerprint, history, checkpointList,
  };
}

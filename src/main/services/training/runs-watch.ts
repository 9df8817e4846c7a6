/**
 * Runs change in other processes too: `trainyard train` from a terminal, a
 * second studio. Each writes its run rows to the project database, so a
 * studio host polls the runs table (one small read per second) and emits
 * `training.run` for every row created or updated since the last look; the
 * renderer then refreshes its runs list and the open run's curves. Runs this
 * process drives are reported the same way, so one path serves both.
 */
import type { EventPayload } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';

type RunEvent = EventPayload<'training.run'>;

interface Row { id: string; dataset_id: number; kind: RunEvent['kind']; status: RunEvent['status']; epoch: number; updated_at: string }

/** Reads the rows changed since the last call; the first call only sets the mark (what exists is loaded by runs.list). */
export function runChanges(db: Db): () => RunEvent[] {
  let mark: string | null = null;
  let seen = new Map<string, string>();
  return () => {
    if (mark === null) {
      mark = db.get<{ m: string | null }>('SELECT max(updated_at) AS m FROM runs')?.m ?? '';
      seen = new Map(db.all<{ id: string }>('SELECT id FROM runs WHERE updated_at = ?', mark).map((r) => [r.id, mark!]));
      return [];
    }
    // ≥ the mark, not >: two updates within the same millisecond must not hide the second; `seen` drops repeats.
    const rows = db.all<Row>('SELECT id, dataset_id, kind, status, epoch, updated_at FROM runs WHERE updated_at >= ? ORDER BY updated_at', mark);
    const out: RunEvent[] = [];
    const next = new Map<string, string>();
    for (const r of rows) {
      next.set(r.id, r.updated_at);
      if (seen.get(r.id) === r.updated_at) continue;
      out.push({ runId: r.id, datasetId: r.dataset_id, kind: r.kind, status: r.status, epoch: r.epoch });
    }
    if (rows.length) {
      mark = rows[rows.length - 1]!.updated_at;
      seen = new Map([...next].filter(([, t]) => t === mark));
    }
    return out;
  };
}

/** Polls every `intervalMs` until the returned function is called; never keeps the process alive. */
export function watchRuns(db: Db, emit: (e: RunEvent) => void, intervalMs = 1000): () => void {
  const read = runChanges(db);
  read();
  const timer = setInterval(() => {
    try {
      for (const e of read()) emit(e);
    } catch {
      // A busy or closing database: the next tick tries again.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Runs change in other processes too: `trainyard train` from a terminal, a
 * second studio. Each writes its run rows to the project database, so a
 * studio host polls the runs table once a second and emits `training.run`
 * for every row created or changed since the last look; the renderer then
 * refreshes its runs list and the open run's curves. Runs this process
 * drives are reported the same way, so one path serves both.
 *
 * Each poll compares every row's (status, epoch, updated_at) with what it saw
 * last: timestamps alone would miss two changes within one millisecond, or a
 * commit that lands after a later-stamped one. The table holds one row per
 * run (a few thousand with many searches): reading these five columns of all
 * of them takes well under a millisecond.
 */
import type { EventPayload } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';

type RunEvent = EventPayload<'training.run'>;

interface Row { id: string; dataset_id: number; kind: RunEvent['kind']; status: RunEvent['status']; epoch: number; updated_at: string }

const signature = (r: Row): string => `${r.status}|${r.epoch}|${r.updated_at}`;

/** Reads the rows changed since the last call; the first call only takes note (what exists is loaded by runs.list). */
export function runChanges(db: Db): () => RunEvent[] {
  let seen: Map<string, string> | null = null;
  return () => {
    const rows = db.all<Row>('SELECT id, dataset_id, kind, status, epoch, updated_at FROM runs');
    const next = new Map(rows.map((r) => [r.id, signature(r)]));
    const before = seen;
    seen = next;
    if (!before) return [];
    return rows
      .filter((r) => before.get(r.id) !== next.get(r.id))
      .sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : 0))
      .map((r) => ({ runId: r.id, datasetId: r.dataset_id, kind: r.kind, status: r.status, epoch: r.epoch }));
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

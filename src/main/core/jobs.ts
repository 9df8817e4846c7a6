/**
 * Long work (imports, exports) runs as a job: it gets an AbortSignal and a
 * progress reporter, its progress and end are events on the bus, and its row
 * in the project's `jobs` table says who runs it, so a job whose process died
 * is shown as interrupted, never as running forever.
 */
import { randomUUID } from 'node:crypto';
import { TrainyardError, type JobInfo } from '../../shared/contract/index.ts';
import type { Db } from '../services/project/db.ts';
import type { EventBus } from './event-bus.ts';

export type JobKind = JobInfo['kind'];

export interface JobHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports progress; throttled to a few events a second. */
  progress(done: number, total: number | null, errors?: number, message?: string): void;
}

interface Running {
  info: JobInfo;
  controller: AbortController;
  done: Promise<JobInfo>;
}

const PROGRESS_INTERVAL_MS = 150;

export class JobRunner {
  private readonly jobs = new Map<string, Running>();
  private readonly events: EventBus;

  constructor(events: EventBus) {
    this.events = events;
  }

  start<T>(kind: JobKind, db: Db | null, work: (job: JobHandle) => Promise<T>, subject?: string): string {
    const id = randomUUID();
    const controller = new AbortController();
    const startedAt = new Date().toISOString();
    const info: JobInfo = { id, kind, status: 'running', done: 0, total: null, startedAt, ...(subject ? { subject } : {}) };
    db?.run('INSERT INTO jobs (id, kind, status, owner_pid, started_at) VALUES (?, ?, ?, ?, ?)', id, kind, 'running', process.pid, startedAt);
    const t0 = Date.now();
    let lastEmit = 0;
    const handle: JobHandle = {
      id,
      signal: controller.signal,
      progress: (done, total, errors = 0, message) => {
        info.done = done;
        info.total = total;
        const now = Date.now();
        if (now - lastEmit < PROGRESS_INTERVAL_MS && done !== total) return;
        lastEmit = now;
        const elapsed = (now - t0) / 1000;
        // Early rates are dominated by start-up; wait for a little history before promising a time.
        const enough = total !== null && elapsed > 0.5 && done >= Math.max(5, total / 100);
        const etaSec = enough ? ((total - done) * elapsed) / done : null;
        const payload = { jobId: id, kind, done, total, errors, etaSec };
        this.events.emit('job.progress', message === undefined ? payload : { ...payload, message });
      },
    };
    const done = (async (): Promise<JobInfo> => {
      try {
        const result = await work(handle);
        info.status = controller.signal.aborted ? 'cancelled' : 'completed';
        info.result = result;
      } catch (err) {
        info.status = controller.signal.aborted ? 'cancelled' : 'failed';
        info.error = err instanceof Error ? err.message : String(err);
        if (err instanceof TrainyardError) info.errorCode = err.code;
      }
      try {
        db?.run(
          'UPDATE jobs SET status = ?, finished_at = ?, result = ? WHERE id = ?',
          info.status, new Date().toISOString(), JSON.stringify(info.result ?? { error: info.error }), id,
        );
      } catch {
        // The project may have been closed meanwhile; the event below still reports the end.
      }
      this.events.emit('job.finished', { ...info });
      return { ...info };
    })();
    this.jobs.set(id, { info, controller, done });
    return id;
  }

  get(id: string): JobInfo {
    const job = this.jobs.get(id);
    if (!job) throw new TrainyardError('not_found', `no job ${id}`);
    return { ...job.info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  wait(id: string): Promise<JobInfo> {
    const job = this.jobs.get(id);
    if (!job) return Promise.reject(new TrainyardError('not_found', `no job ${id}`));
    return job.done;
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.info.status !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Cancels everything and waits for it to stop (project switch, shutdown). */
  async stopAll(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
  }
}

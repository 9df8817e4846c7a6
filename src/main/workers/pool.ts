/**
 * A small pool of worker threads for heavy work (media decoding and
 * thumbnails on import, augmentation on export), so it never stalls the
 * event loop that serves the UI. Each worker takes a few tasks at once
 * because sharp is async and keeps its own threads busy while JS waits.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Under Node running TypeScript directly (CLI, tests) the worker is the .ts
 * file beside this one; in the Electron bundle both are built into
 * out/main/ and the worker is media-worker.js.
 */
export function workerUrl(name: string): URL {
  if (import.meta.url.endsWith('.ts')) return new URL(`./${name}.ts`, import.meta.url);
  // The bundler may place this code in out/main/ or in a chunk below it.
  const beside = new URL(`./${name}.js`, import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL(`../${name}.js`, import.meta.url);
}

interface Pending<T, R> {
  resolve: (r: R) => void;
  reject: (e: Error) => void;
  task: T;
}

interface Slot<T, R> {
  worker: Worker;
  inflight: Map<number, Pending<T, R>>;
}

/** A task names what it works on, for error messages when a worker dies. */
export interface Describable {
  path?: string;
  key?: string;
}

export class WorkerPool<T extends Describable, R> {
  private readonly slots: Array<Slot<T, R>> = [];
  private readonly queue: Array<{ id: number } & Pending<T, R>> = [];
  private nextId = 1;
  private closed = false;
  private readonly worker: string;
  private readonly perWorker: number;
  readonly size: number;

  constructor(worker: string, size?: number, perWorker = 3) {
    this.worker = worker;
    this.perWorker = perWorker;
    this.size = Math.max(1, size ?? Math.min(os.availableParallelism(), 8));
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** How many tasks may usefully be in flight at once. */
  get capacity(): number {
    return this.size * this.perWorker;
  }

  run(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`${this.worker} pool is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, resolve, reject, task });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error(`${this.worker} pool closed`));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot<T, R> {
    const worker = new Worker(workerUrl(this.worker));
    const slot: Slot<T, R> = { worker, inflight: new Map() };
    worker.on('message', (msg: { id: number; ok: boolean; result?: R; error?: string }) => {
      const p = slot.inflight.get(msg.id);
      if (!p) return;
      slot.inflight.delete(msg.id);
      if (msg.ok && msg.result !== undefined) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? `${this.worker} failed`));
      this.pump();
    });
    const fail = (err: Error): void => {
      for (const p of slot.inflight.values()) p.reject(new Error(`${this.worker} stopped while processing ${p.task.path ?? p.task.key ?? 'a task'}: ${err.message}`));
      slot.inflight.clear();
      if (this.closed) return;
      const idx = this.slots.indexOf(slot);
      if (idx >= 0) this.slots[idx] = this.spawn();
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(new Error(`exit code ${code}`));
    });
    return slot;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.reduce((a, b) => (b.inflight.size < a.inflight.size ? b : a));
      if (slot.inflight.size >= this.perWorker) return;
      const job = this.queue.shift()!;
      slot.inflight.set(job.id, job);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }
}

/** Runs a worker's task handler for messages from WorkerPool (call it from the worker entry). */
export function serveTasks<T, R>(port: { on(ev: 'message', cb: (msg: { id: number; task: T }) => void): unknown; postMessage(m: unknown): void }, handle: (task: T) => Promise<R>): void {
  port.on('message', (msg) => {
    handle(msg.task).then(
      (result) => port.postMessage({ id: msg.id, ok: true, result }),
      (err: unknown) => port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

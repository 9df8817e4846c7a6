/**
 * A small pool of worker threads for media work (read, hash, decode,
 * thumbnail), so imports never stall the event loop that serves the UI.
 * Each worker takes a few tasks at once because sharp itself is async and
 * keeps its own threads busy while JavaScript waits.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MediaResult, MediaTask } from '../services/datasets/media/process.ts';

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

interface Pending {
  resolve: (r: MediaResult) => void;
  reject: (e: Error) => void;
  task: MediaTask;
}

interface Slot {
  worker: Worker;
  inflight: Map<number, Pending>;
}

const PER_WORKER = 3;

export class MediaPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Array<{ id: number } & Pending> = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;

  constructor(size?: number) {
    this.size = Math.max(1, size ?? Math.min(os.availableParallelism(), 8));
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** How many tasks may usefully be in flight at once. */
  get capacity(): number {
    return this.size * PER_WORKER;
  }

  run(task: MediaTask): Promise<MediaResult> {
    if (this.closed) return Promise.reject(new Error('media pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, resolve, reject, task });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('media pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl('media-worker'));
    const slot: Slot = { worker, inflight: new Map() };
    worker.on('message', (msg: { id: number; ok: boolean; result?: MediaResult; error?: string }) => {
      const p = slot.inflight.get(msg.id);
      if (!p) return;
      slot.inflight.delete(msg.id);
      if (msg.ok && msg.result) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'media worker failed'));
      this.pump();
    });
    const fail = (err: Error): void => {
      for (const p of slot.inflight.values()) p.reject(new Error(`media worker stopped while processing ${p.task.path}: ${err.message}`));
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
      if (slot.inflight.size >= PER_WORKER) return;
      const job = this.queue.shift()!;
      slot.inflight.set(job.id, job);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }
}

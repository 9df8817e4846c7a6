/**
 * What every handler gets: the open project, the event bus, the job runner
 * and the media worker pool. One context per process (Electron main, web
 * host, CLI invocation); transports never hold state of their own.
 */
import { TrainyardError } from '../../shared/contract/index.ts';
import { Project } from '../services/project/project.ts';
import { watchRuns } from '../services/training/runs-watch.ts';
import type { AugmentResult, AugmentTask } from '../services/augment/task.ts';
import { MediaPool } from '../workers/media-pool.ts';
import { WorkerPool } from '../workers/pool.ts';
import { EventBus } from './event-bus.ts';
import { JobRunner } from './jobs.ts';

export const VERSION = '0.1.0';

export interface ContextOptions {
  /** Worker threads for media decoding; defaults to the core count. */
  workers?: number;
  /** Folder of the bundled sample project, when this host offers one. */
  sampleProject?: string | null;
}

export class AppContext {
  readonly events = new EventBus();
  readonly jobs = new JobRunner(this.events);
  readonly sampleProject: string | null;
  private current: Project | null = null;
  private mediaPool: MediaPool | null = null;
  private augmentPool: WorkerPool<AugmentTask, AugmentResult> | null = null;
  private readonly workers: number | undefined;
  private watching = false;
  private stopWatch: (() => void) | null = null;

  constructor(opts: ContextOptions = {}) {
    this.workers = opts.workers;
    this.sampleProject = opts.sampleProject ?? null;
  }

  get hasProject(): boolean {
    return this.current !== null;
  }

  project(): Project {
    if (!this.current) throw new TrainyardError('no_project', 'no project is open: create or open one first');
    return this.current;
  }

  async setProject(project: Project | null): Promise<void> {
    if (this.current && this.current !== project) {
      await this.jobs.stopAll();
      this.current.close();
    }
    this.current = project;
    this.stopWatch?.();
    this.stopWatch = project && this.watching ? this.watch(project) : null;
    this.events.emit('project.changed', { dir: project?.dir ?? null });
  }

  /**
   * Studio hosts (Electron, `trainyard ui`) report every run change in the open
   * project as `training.run`, including runs other processes drive.
   */
  watchRuns(): void {
    this.watching = true;
    if (this.current && !this.stopWatch) this.stopWatch = this.watch(this.current);
  }

  private watch(project: Project): () => void {
    return watchRuns(project.db, (e) => this.events.emit('training.run', e));
  }

  /** Started on first use so commands that decode nothing start no threads. */
  pool(): MediaPool {
    this.mediaPool ??= new MediaPool(this.workers);
    return this.mediaPool;
  }

  /** Augmentation workers, started on the first export. */
  augmentWorkers(): WorkerPool<AugmentTask, AugmentResult> {
    this.augmentPool ??= new WorkerPool<AugmentTask, AugmentResult>('augment-worker', this.workers, 2);
    return this.augmentPool;
  }

  async close(): Promise<void> {
    this.stopWatch?.();
    this.stopWatch = null;
    await this.jobs.stopAll();
    this.current?.close();
    this.current = null;
    await Promise.all([this.mediaPool?.close(), this.augmentPool?.close()]);
    this.mediaPool = null;
    this.augmentPool = null;
  }
}

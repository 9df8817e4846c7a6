/** The import's worker pool: media tasks in, hashes and probes out. */
import type { MediaResult, MediaTask } from '../services/datasets/media/process.ts';
import { WorkerPool } from './pool.ts';

export class MediaPool extends WorkerPool<MediaTask, MediaResult> {
  constructor(size?: number) {
    super('media-worker', size);
  }
}

/** Worker-thread entry: media tasks (hash, probe, thumbnail) for imports. */
import { parentPort } from 'node:worker_threads';
import { processMedia } from '../services/datasets/media/process.ts';
import { serveTasks } from './pool.ts';

if (parentPort) serveTasks(parentPort, processMedia);

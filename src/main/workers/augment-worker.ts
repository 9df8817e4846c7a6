/** Worker-thread entry: augmentation export tasks. */
import { parentPort } from 'node:worker_threads';
import { runAugmentTask } from '../services/augment/task.ts';
import { serveTasks } from './pool.ts';

if (parentPort) serveTasks(parentPort, runAugmentTask);

/** Worker-thread entry: runs media tasks sent by MediaPool. */
import { parentPort } from 'node:worker_threads';
import { processMedia, type MediaTask } from '../services/datasets/media/process.ts';

parentPort?.on('message', (msg: { id: number; task: MediaTask }) => {
  processMedia(msg.task).then(
    (result) => parentPort?.postMessage({ id: msg.id, ok: true, result }),
    (err: unknown) => parentPort?.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});

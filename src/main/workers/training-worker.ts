/** Worker-thread entry: one training session (train, resume, overfit check, a search trial). */
import { parentPort, workerData } from 'node:worker_threads';
import { TrainyardError } from '../../shared/contract/index.ts';
import { runSession, type WorkerMessage, type WorkerRequest } from '../services/training/session.ts';

if (parentPort) {
  const port = parentPort;
  const controller = new AbortController();
  port.on('message', (m: { type: string }) => {
    if (m.type === 'cancel') controller.abort();
  });
  const post = (m: WorkerMessage): void => port.postMessage(m);
  runSession(workerData as WorkerRequest, post, controller.signal)
    .then((outcome) => post({ type: 'done', outcome }))
    .catch((err: unknown) => post({ type: 'error', code: err instanceof TrainyardError ? err.code : 'internal', message: err instanceof Error ? err.message : String(err) }))
    .finally(() => port.close());
}

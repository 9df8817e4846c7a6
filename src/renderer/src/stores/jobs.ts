/** Long-running jobs as the UI sees them: live progress from events, cancel, the final result. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EventPayload, JobInfo } from '@shared/contract/index.ts';
import { api, client } from '../api/index.ts';

export type Progress = EventPayload<'job.progress'>;

export const useJobsStore = defineStore('jobs', () => {
  const progress = ref<Record<string, Progress>>({});
  const finished = ref<Record<string, JobInfo>>({});
  const waiters = new Map<string, (j: JobInfo) => void>();
  let listening = false;

  function listen(): void {
    if (listening) return;
    listening = true;
    client.on('job.progress', (p) => {
      progress.value = { ...progress.value, [p.jobId]: p };
    });
    client.on('job.finished', (j) => {
      finished.value = { ...finished.value, [j.id]: j };
      const { [j.id]: _, ...rest } = progress.value;
      progress.value = rest;
      waiters.get(j.id)?.(j);
      waiters.delete(j.id);
    });
  }

  /** Resolves when the job ends (from the event, or by asking if the event was missed). */
  function wait(jobId: string): Promise<JobInfo> {
    listen();
    const done = finished.value[jobId];
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      waiters.set(jobId, resolve);
      void api.jobs.wait({ jobId }).then((j) => {
        if (waiters.has(jobId)) {
          waiters.delete(jobId);
          finished.value = { ...finished.value, [j.id]: j };
          resolve(j);
        }
      });
    });
  }

  async function cancel(jobId: string): Promise<void> {
    await api.jobs.cancel({ jobId });
  }

  return { progress, finished, listen, wait, cancel };
});

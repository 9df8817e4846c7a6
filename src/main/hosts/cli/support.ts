/** What CLI commands share: output streams, following a job with a progress bar, path arguments. */
import path from 'node:path';
import { TrainyardError, type Client, type ErrorCode, type JobInfo } from '../../../shared/contract/index.ts';
import { ProgressBar } from './progress.ts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const defaultIo: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/** Runs a job to its end with a progress bar; Ctrl-C cancels it (a second Ctrl-C exits). */
export async function followJob(api: Client, jobId: string): Promise<JobInfo> {
  const bar = new ProgressBar();
  const off = api.on('job.progress', (p) => {
    if (p.jobId === jobId) bar.update(p);
  });
  let interrupts = 0;
  const onSigint = (): void => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\ncancelling… (Ctrl-C again to quit at once)\n');
    void api.call('jobs.cancel', { jobId });
  };
  process.on('SIGINT', onSigint);
  try {
    return await api.call('jobs.wait', { jobId });
  } finally {
    process.off('SIGINT', onSigint);
    off();
    bar.done();
  }
}

export function resolveDir(p: string | undefined, what = 'project folder'): string {
  if (!p) throw new TrainyardError('invalid_input', `missing the ${what}`);
  return path.resolve(p);
}

/** A failed job's error, with its code, for the exit status. */
export function jobError(job: JobInfo): TrainyardError {
  if (job.status === 'cancelled') return new TrainyardError('cancelled', `${job.kind} cancelled`);
  return new TrainyardError((job.errorCode as ErrorCode | undefined) ?? 'internal', job.error ?? `${job.kind} failed`);
}


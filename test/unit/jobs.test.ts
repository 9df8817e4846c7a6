// Long jobs report progress with an ETA and stop cleanly when cancelled,
// keeping what was committed; the next run completes the rest.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload, ImportSummary } from '../../src/shared/contract/index.ts';
import { DIGITS, importAndWait, newProject, type TestProject } from '../helpers/project.ts';

let p: TestProject | null = null;
afterEach(async () => {
  await p?.close();
  p = null;
});

describe('jobs', () => {
  it('reports progress with counts and ETA, and cancels an import midway', async () => {
    p = await newProject();
    const progress: Array<EventPayload<'job.progress'>> = [];
    const { jobId } = await p.api.call('import.start', { source: DIGITS });
    p.api.on('job.progress', (e) => {
      progress.push(e);
      if (e.done >= 300 && progress.length < 1000) void p!.api.call('jobs.cancel', { jobId });
    });
    const job = await p.api.call('jobs.wait', { jobId });
    expect(job.status).toBe('cancelled');
    const s = job.result as ImportSummary;
    expect(s.cancelled).toBe(true);
    expect(s.total).toBeGreaterThanOrEqual(300);
    expect(s.total).toBeLessThan(1797);
    expect(progress.every((e) => e.total === 1797 && e.kind === 'import')).toBe(true);
    expect(progress.some((e) => e.etaSec !== null && e.etaSec > 0)).toBe(true);
    const rest = await importAndWait(p.api, { source: DIGITS });
    expect(rest).toMatchObject({ total: 1797, imported: 1797 - s.total, skipped: s.total });
  });

  it('lists jobs and refuses to cancel one that has finished', async () => {
    p = await newProject();
    const s = await importAndWait(p.api, { source: `${DIGITS}/5` });
    const jobs = await p.api.call('jobs.list', {});
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'import', status: 'completed', done: s.total, total: s.total });
    expect(await p.api.call('jobs.cancel', { jobId: jobs[0]!.id })).toEqual({ cancelled: false });
    await expect(p.api.call('jobs.get', { jobId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

/** Training through the contract in-process: the plan's arithmetic, the job naming its run, events per epoch. */
import { describe, expect, it } from 'vitest';
import { importAndWait, projectPerTest, shapesSubset } from '../helpers/project.ts';

describe('training contract', () => {
  const project = projectPerTest();

  it('plans with the virtual-epoch arithmetic, runs a job that names its run, and emits one event per epoch', async () => {
    const p = await project();
    const { datasetId } = await importAndWait(p.api, { source: shapesSubset(['circle', 'square', 'star'], 10), modality: 'image' });
    await p.api.call('splits.create', { datasetId, config: { seed: 1, ratios: [0.6, 0.2, 0.2], mode: 'stratified' } });
    const config = { imageSize: 8, batchSize: 6, totalExamples: 36, checkpoints: 3, earlyStopping: false };
    const plan = await p.api.call('training.plan', { config });
    expect(plan).toMatchObject({ model: 'cnn', classes: ['circle', 'square', 'star'], trainSize: 18, validationSize: 6, stepsPerEpoch: 2, epochs: 3, totalSteps: 6 });
    expect(plan.explain).toBe('36 examples ÷ (batch 6 × 3 checkpoints) = 2 steps per epoch ≈ 2.0 passes over 18 train samples');

    const epochs: number[] = [];
    const off = p.api.on('training.epoch', (e) => epochs.push(e.epoch));
    const { jobId, runId } = await p.api.call('training.start', { config });
    expect((await p.api.call('jobs.get', { jobId })).subject).toBe(runId);
    const job = await p.api.call('jobs.wait', { jobId });
    off();
    expect(job.status).toBe('completed');
    expect(epochs).toEqual([1, 2, 3]);
    const run = await p.api.call('runs.get', { runId });
    expect(run).toMatchObject({ status: 'completed', epoch: 3, model: 'cnn', topFeatures: null });
    expect(run.history.map((h) => h.step)).toEqual([2, 4, 6]);
  }, 60_000);
});

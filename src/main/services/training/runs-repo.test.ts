import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../shared/training/config.ts';
import { Project } from '../project/project.ts';
import { clearPartialCheckpoints, readCheckpoint, writeCheckpoint } from './checkpoint-files.ts';
import { claimRun, createRun, finishRun, getRun, listRuns, recordEpoch } from './runs-repo.ts';
import { tempDir } from '../../../../test/helpers/project.ts';

function project(): Project {
  const p = Project.create(path.join(tempDir(), 'p'));
  p.db.run("INSERT INTO datasets (id, name, modality, created_at) VALUES (1, 'images', 'image', '2026-01-01')");
  return p;
}

const config = (() => {
  const r = parseTrainConfig({});
  if (!r.ok) throw new Error('default config');
  return r.config;
})();

describe('runs repo', () => {
  it('keeps the last and the best k checkpoints and reports what to delete', () => {
    const p = project();
    try {
      const id = createRun(p.db, { datasetId: 1, config, model: 'cnn', dataFingerprint: 'abc' });
      const losses = [1.0, 0.5, 0.7, 0.4, 0.9, 0.95];
      const dropped: string[] = [];
      for (const [i, loss] of losses.entries()) {
        const r = recordEpoch(p.db, id, { epoch: i + 1, step: (i + 1) * 10, metrics: { loss, val_loss: loss }, checkpointDir: `ckpt-${i + 1}`, monitor: 'val_loss', mode: 'min', keepBest: 2 });
        dropped.push(...r.dropped);
      }
      const run = getRun(p.db, id);
      expect(run.checkpointList.map((c) => c.epoch)).toEqual([2, 4, 6]); // best two (0.4, 0.5) and the last
      expect(dropped.sort()).toEqual(['ckpt-1', 'ckpt-3', 'ckpt-5']);
      expect(run.best).toEqual({ epoch: 4, metrics: { loss: 0.4, val_loss: 0.4 } });
      expect(run.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(run.status).toBe('running');
      finishRun(p.db, id, 'completed');
      expect(listRuns(p.db)[0]).toMatchObject({ id, status: 'completed', epoch: 6, checkpoints: 3 });
      expect(() => claimRun(p.db, id)).toThrow(/completed/);
    } finally {
      p.close();
    }
  });

  it('shows a run whose process is gone as interrupted, and lets it be claimed again', () => {
    const p = project();
    try {
      const id = createRun(p.db, { datasetId: 1, config, model: 'cnn', dataFingerprint: null });
      p.db.run('UPDATE runs SET pid = 999999 WHERE id = ?', id);
      expect(listRuns(p.db)[0]!.status).toBe('interrupted');
      claimRun(p.db, id);
      expect(getRun(p.db, id).status).toBe('running');
    } finally {
      p.close();
    }
  });
});

describe('checkpoint files', () => {
  it('round-trips weights, optimizer slots and state exactly', () => {
    const dir = path.join(tempDir(), 'run', 'ckpt-3');
    const w = new Float32Array([0.1, -2.5, Math.PI, 1e-30]);
    writeCheckpoint(dir, {
      weights: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32', data: w }, { name: 'step', shape: [], dtype: 'int32', data: new Int32Array([7]) }],
      optimizer: [{ name: 'dense/kernel/m', shape: [2, 2], dtype: 'float32', data: w.map((x) => x * 2) }],
      state: { step: 30, rng: [1, 2, 3, 4] },
    });
    const back = readCheckpoint<{ step: number; rng: number[] }>(dir);
    expect(back.state).toEqual({ step: 30, rng: [1, 2, 3, 4] });
    expect([...back.weights[0]!.data]).toEqual([...w]);
    expect(back.weights[1]).toMatchObject({ name: 'step', dtype: 'int32', shape: [] });
    expect([...back.weights[1]!.data]).toEqual([7]);
    expect([...back.optimizer[0]!.data]).toEqual([...w.map((x) => x * 2)]);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['ckpt-3']);
  });

  it('cleans up what a killed writer left', () => {
    const run = tempDir();
    fs.mkdirSync(path.join(run, 'ckpt-2.tmp-1234'));
    fs.mkdirSync(path.join(run, 'ckpt-1'));
    clearPartialCheckpoints(run);
    expect(fs.readdirSync(run)).toEqual(['ckpt-1']);
  });
});

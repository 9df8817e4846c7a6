import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../shared/training/config.ts';
import { Project } from '../project/project.ts';
import { createRun, finishRun, recordEpoch } from './runs-repo.ts';
import { runChanges, watchRuns } from './runs-watch.ts';
import { tempDir } from '../../../../test/helpers/project.ts';

const config = (() => {
  const r = parseTrainConfig({});
  if (!r.ok) throw new Error('default config');
  return r.config;
})();

/** Two connections to one project: `studio` watches, `cli` trains (as another process would). */
function projects(): { studio: Project; cli: Project } {
  const dir = path.join(tempDir(), 'p');
  const studio = Project.create(dir);
  studio.db.run("INSERT INTO datasets (id, name, modality, created_at) VALUES (1, 'images', 'image', '2026-01-01')");
  return { studio, cli: Project.open(dir) };
}

describe('watching runs', () => {
  it('reports runs another connection creates and updates, each change once, not the ones that existed before', () => {
    const { studio, cli } = projects();
    try {
      createRun(cli.db, { datasetId: 1, config, model: 'cnn', dataFingerprint: 'a' });
      const read = runChanges(studio.db);
      expect(read()).toEqual([]); // what exists is for runs.list
      const id = createRun(cli.db, { datasetId: 1, config, model: 'cnn', dataFingerprint: 'a' });
      expect(read()).toEqual([{ runId: id, datasetId: 1, kind: 'train', status: 'running', epoch: 0 }]);
      expect(read()).toEqual([]);
      recordEpoch(cli.db, id, { epoch: 1, step: 5, metrics: { loss: 1, val_loss: 1 }, checkpointDir: 'ckpt-0001', monitor: 'val_loss', mode: 'min', keepBest: 1 });
      expect(read()).toEqual([expect.objectContaining({ runId: id, epoch: 1, status: 'running' })]);
      finishRun(cli.db, id, 'completed');
      expect(read()).toEqual([expect.objectContaining({ runId: id, epoch: 1, status: 'completed' })]);
      expect(read()).toEqual([]);
    } finally {
      cli.close();
      studio.close();
    }
  });

  it('sees two changes within one millisecond, and a change committed after a later-stamped one', () => {
    const { studio, cli } = projects();
    try {
      const read = runChanges(studio.db);
      read();
      const a = createRun(cli.db, { datasetId: 1, config, model: 'cnn', dataFingerprint: 'a' });
      const b = createRun(cli.db, { datasetId: 1, config, model: 'cnn', dataFingerprint: 'a' });
      expect(read().map((e) => e.runId).sort()).toEqual([a, b].sort());
      // The same timestamp, another status (a run that fails at once).
      const stamp = cli.db.get<{ t: string }>('SELECT updated_at AS t FROM runs WHERE id = ?', a)!.t;
      cli.db.run("UPDATE runs SET status = 'failed' WHERE id = ?", a);
      expect(read()).toEqual([expect.objectContaining({ runId: a, status: 'failed' })]);
      // B is stamped later and seen first; then A commits with an earlier stamp.
      cli.db.run("UPDATE runs SET epoch = 3, updated_at = '2999-01-01T00:00:00.200Z' WHERE id = ?", b);
      expect(read()).toEqual([expect.objectContaining({ runId: b, epoch: 3 })]);
      cli.db.run("UPDATE runs SET epoch = 2, updated_at = ? WHERE id = ?", stamp, a);
      expect(read()).toEqual([expect.objectContaining({ runId: a, epoch: 2 })]);
    } finally {
      cli.close();
      studio.close();
    }
  });

  it('emits on a timer until stopped', async () => {
    const { studio, cli } = projects();
    const seen: string[] = [];
    const stop = watchRuns(studio.db, (e) => seen.push(`${e.runId}:${e.status}`), 20);
    try {
      const id = createRun(cli.db, { datasetId: 1, config, model: 'cnn', dataFingerprint: 'a' });
      for (let i = 0; i < 100 && !seen.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([`${id}:running`]);
      stop();
      finishRun(cli.db, id, 'failed', 'boom');
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(1);
    } finally {
      cli.close();
      studio.close();
    }
  });
});

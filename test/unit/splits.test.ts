// Splits through the service and the store: exact first split, stability as
// the dataset grows, determinism across row orders and machines (same keys,
// same seed → same split), grouped and dated splits, re-split needs force.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/shared/contract/index.ts';
import { importAndWait, projectPerTest, tempDir, writeCsv } from '../helpers/project.ts';

const project = projectPerTest();

/** rows of id,text,label,speaker,date with skewed classes. */
function rows(from: number, to: number): Array<[string, string, string, string, string]> {
  const out: Array<[string, string, string, string, string]> = [];
  for (let i = from; i < to; i++) {
    const label = i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c';
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    out.push([`id-${i}`, `sample text number ${i}`, label, `spk${i % 17}`, `2023-${month}-${day}`]);
  }
  return out;
}

async function splitOf(api: Client, datasetId: number): Promise<Map<string, string | null>> {
  const r = await api.call('samples.list', { datasetId, limit: 1000 });
  const all = new Map<string, string | null>();
  for (let offset = 0; offset < r.total; offset += 1000) {
    const page = await api.call('samples.list', { datasetId, limit: 1000, offset });
    for (const s of page.items) all.set(s.key, s.split);
  }
  return all;
}

const stratified = { seed: 7, ratios: [0.8, 0.1, 0.1] as [number, number, number], mode: 'stratified' as const };

describe('splits', () => {
  it('first stratified split is exact per class, and growth never moves a sample', async () => {
    const p = await project();
    const dir = tempDir();
    const s1 = await importAndWait(p.api, { source: writeCsv(path.join(dir, 'a.csv'), ['id', 'text', 'label', 'speaker', 'date'], rows(0, 503)) });
    const report = await p.api.call('splits.create', { datasetId: s1.datasetId, config: stratified });
    for (const [label, n] of [['a', 303], ['b', 150], ['c', 50]] as const) {
      const c = report.counts[label]!;
      expect(c.train! + c.validation! + c.test!).toBe(n);
      expect(Math.abs(c.train! - 0.8 * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(c.validation! - 0.1 * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(c.test! - 0.1 * n)).toBeLessThanOrEqual(1);
    }
    const before = await splitOf(p.api, s1.datasetId);
    // More data arrives: imported new samples are placed automatically, old ones stay.
    const s2 = await importAndWait(p.api, { source: writeCsv(path.join(dir, 'b.csv'), ['id', 'text', 'label', 'speaker', 'date'], rows(503, 1200)), dataset: 'text' });
    expect(s2.imported).toBe(697);
    const after = await splitOf(p.api, s1.datasetId);
    for (const [key, split] of before) expect(after.get(key)).toBe(split);
    expect([...after.values()].every((s) => s !== null)).toBe(true);
    const grown = await p.api.call('splits.get', { datasetId: s1.datasetId });
    for (const label of ['a', 'b', 'c']) {
      const c = grown.counts[label]!;
      const n = c.train! + c.validation! + c.test!;
      expect(Math.abs(c.train! - 0.8 * n)).toBeLessThanOrEqual(2);
      expect(Math.abs(c.test! - 0.1 * n)).toBeLessThanOrEqual(2);
    }
    expect(grown.warnings).toEqual([]);
  });

  it('gives the same split whatever the row order and on a fresh project', async () => {
    const dir = tempDir();
    const data = rows(0, 400);
    const shuffled = [...data].reverse();
    shuffled.push(shuffled.shift()!);
    const results: Array<Map<string, string | null>> = [];
    for (const [i, r] of [data, shuffled].entries()) {
      const p = await project();
      const s = await importAndWait(p.api, { source: writeCsv(path.join(dir, `order${i}.csv`), ['id', 'text', 'label', 'speaker', 'date'], r) });
      await p.api.call('splits.create', { datasetId: s.datasetId, config: stratified });
      results.push(await splitOf(p.api, s.datasetId));
    }
    expect(results[0]!.size).toBe(400);
    expect([...results[1]!.entries()].sort()).toEqual([...results[0]!.entries()].sort());
  });

  it('refuses a different split without force, re-splits with it', async () => {
    const p = await project();
    const s = await importAndWait(p.api, { source: writeCsv(path.join(tempDir(), 'a.csv'), ['id', 'text', 'label', 'speaker', 'date'], rows(0, 200)) });
    await p.api.call('splits.create', { datasetId: s.datasetId, config: stratified });
    const first = await splitOf(p.api, s.datasetId);
    await expect(p.api.call('splits.create', { datasetId: s.datasetId, config: { ...stratified, seed: 8 } })).rejects.toMatchObject({ code: 'conflict' });
    // Same settings again: a no-op, nothing moves.
    await p.api.call('splits.create', { datasetId: s.datasetId, config: { ...stratified } });
    expect(await splitOf(p.api, s.datasetId)).toEqual(first);
    await p.api.call('splits.create', { datasetId: s.datasetId, config: { ...stratified, seed: 8 }, force: true });
    const second = await splitOf(p.api, s.datasetId);
    expect([...second.keys()].some((k) => second.get(k) !== first.get(k))).toBe(true);
  });

  it('keeps every group in one split, also for groups that arrive later', async () => {
    const p = await project();
    const dir = tempDir();
    const s = await importAndWait(p.api, { source: writeCsv(path.join(dir, 'a.csv'), ['id', 'text', 'label', 'speaker', 'date'], rows(0, 300)) });
    const report = await p.api.call('splits.create', { datasetId: s.datasetId, config: { seed: 1, ratios: [0.6, 0.2, 0.2], mode: 'group', groupColumn: 'speaker' } });
    expect(report.groups).toBe(17);
    await importAndWait(p.api, { source: writeCsv(path.join(dir, 'b.csv'), ['id', 'text', 'label', 'speaker', 'date'], rows(300, 400).map((r, i) => (i % 2 ? r : [r[0], r[1], r[2], `new${i % 5}`, r[4]]))), dataset: 'text' });
    const bySpeaker = new Map<string, Set<string | null>>();
    for (let offset = 0; offset < 400; offset += 200) {
      const page = await p.api.call('samples.list', { datasetId: s.datasetId, limit: 200, offset });
      for (const row of page.items) {
        const d = await p.api.call('samples.get', { id: row.id });
        const set = bySpeaker.get(String(d.meta.speaker)) ?? new Set();
        set.add(row.split);
        bySpeaker.set(String(d.meta.speaker), set);
      }
    }
    expect(bySpeaker.size).toBe(22);
    for (const [speaker, splits] of bySpeaker) expect([speaker, splits.size]).toEqual([speaker, 1]);
  });

  it('splits by date cutoffs and reports samples without a date', async () => {
    const p = await project();
    const data = rows(0, 120);
    data[5] = [data[5]![0], data[5]![1], data[5]![2], data[5]![3], 'not a date'];
    const s = await importAndWait(p.api, { source: writeCsv(path.join(tempDir(), 'd.csv'), ['id', 'text', 'label', 'speaker', 'date'], data) });
    const report = await p.api.call('splits.create', {
      datasetId: s.datasetId, config: { seed: 0, ratios: [0.8, 0.1, 0.1], mode: 'date', dateColumn: 'date', cutoffs: ['2023-09-01', '2023-11-01'] },
    });
    expect(report.unassigned).toBe(1);
    expect(report.warnings.join()).toMatch(/1 sample\(s\) are in no split \(no valid date/);
    const page = await p.api.call('samples.list', { datasetId: s.datasetId, limit: 200 });
    for (const row of page.items) {
      const d = await p.api.call('samples.get', { id: row.id });
      const t = Date.parse(String(d.meta.date));
      const expected = Number.isNaN(t) ? null : t < Date.parse('2023-09-01') ? 'train' : t < Date.parse('2023-11-01') ? 'validation' : 'test';
      expect(row.split).toBe(expected);
    }
    expect(fs.existsSync(p.dir)).toBe(true);
  });
});

// @vitest-environment happy-dom
// The runs table: the best run starred, sorting by its headers (aria-sort
// follows), filtering by kind, and a click selecting a run.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@shared/contract/index.ts';
import RunsTable from './RunsTable.vue';

const run = (id: string, status: RunSummary['status'], acc: number | null, createdAt: string, kind: RunSummary['kind'] = 'train'): RunSummary => ({
  id, datasetId: 1, kind, parentId: null, status, model: 'cnn', backend: 'wasm', epoch: 3, checkpoints: 2,
  best: acc === null ? null : { epoch: 3, metrics: { val_accuracy: acc, val_loss: 1 - acc } }, error: null, createdAt, updatedAt: createdAt,
});
const runs = [
  run('run-20261128-100000-aaaa', 'completed', 0.8, '2026-11-28T10:00:00Z'),
  run('run-20261128-110000-bbbb', 'failed', null, '2026-11-28T11:00:00Z'),
  run('run-20261128-120000-cccc', 'completed', 0.9, '2026-11-28T12:00:00Z'),
  run('run-20261128-130000-dddd', 'completed', 1, '2026-11-28T13:00:00Z', 'overfit'),
];

describe('RunsTable', () => {
  it('lists the newest first, stars the best, sorts by a header and selects on click', async () => {
    const w = mount(RunsTable, { props: { runs, selectedId: null, bestId: 'run-20261128-120000-cccc' } });
    const ids = (): string[] => w.findAll('tbody tr').map((r) => r.attributes('data-run')!);
    expect(ids()).toEqual(['run-20261128-130000-dddd', 'run-20261128-120000-cccc', 'run-20261128-110000-bbbb', 'run-20261128-100000-aaaa']);
    expect(w.find('[data-run="run-20261128-120000-cccc"] .best-star').exists()).toBe(true);
    expect(w.findAll('.best-star')).toHaveLength(1);
    expect(w.find('[data-run="run-20261128-120000-cccc"] .id').text()).toBe('120000-cccc');

    const header = w.findAll('th').find((t) => t.text().startsWith('Val acc'))!;
    await header.find('button').trigger('click');
    expect(header.attributes('aria-sort')).toBe('descending');
    // Highest first; the run without a metric last.
    expect(ids()).toEqual(['run-20261128-130000-dddd', 'run-20261128-120000-cccc', 'run-20261128-100000-aaaa', 'run-20261128-110000-bbbb']);
    await header.find('button').trigger('click');
    expect(ids().slice(0, 3)).toEqual(['run-20261128-100000-aaaa', 'run-20261128-120000-cccc', 'run-20261128-130000-dddd']);

    await w.find('select').setValue('overfit');
    expect(ids()).toEqual(['run-20261128-130000-dddd']);
    await w.find('tbody tr').trigger('click');
    expect(w.emitted('select')).toEqual([['run-20261128-130000-dddd']]);
  });
});

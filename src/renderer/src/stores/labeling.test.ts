// @vitest-environment happy-dom
// Undo/redo replays exactly the labels that changed, through the contract
// client; the transport here is an in-memory fake of labels.assign.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const labels = new Map<number, number | null>([[1, 10], [2, 10], [3, null]]);
const calls: unknown[] = [];

vi.mock('../api/index.ts', () => ({
  api: {
    labels: {
      assign: async ({ items }: { items: Array<{ sampleId: number; classId: number | null }> }) => {
        calls.push(items);
        const changes = items
          .filter((i) => labels.get(i.sampleId) !== i.classId)
          .map((i) => ({ sampleId: i.sampleId, oldLabelId: labels.get(i.sampleId) ?? null, newLabelId: i.classId }));
        for (const c of changes) labels.set(c.sampleId, c.newLabelId);
        return { changes };
      },
    },
    classes: { list: async () => [] },
    samples: { list: async () => ({ total: 0, items: [] }) },
  },
  client: { on: () => () => undefined },
}));

const { useLabelingStore } = await import('./labeling.ts');
const { useSamplesStore } = await import('./samples.ts');

describe('labeling store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    calls.length = 0;
  });

  it('undoes to each sample’s own previous label and redoes the change', async () => {
    useSamplesStore().datasetId = 1;
    const store = useLabelingStore();
    expect(await store.label([1, 2, 3], 20)).toBe(3);
    expect([...labels.values()]).toEqual([20, 20, 20]);
    expect(store.canUndo).toBe(true);
    await store.undo();
    expect([...labels.values()]).toEqual([10, 10, null]);
    expect(store.canRedo).toBe(true);
    await store.redo();
    expect([...labels.values()]).toEqual([20, 20, 20]);
    // A no-op label (same class as now) adds no undo step and keeps the redo branch.
    await store.undo();
    await store.label([3], null);
    expect(store.undoStack).toHaveLength(0);
    expect(store.canRedo).toBe(true);
  });

  it('starts a fresh redo branch after a new change', async () => {
    useSamplesStore().datasetId = 1;
    const store = useLabelingStore();
    labels.set(1, 10);
    await store.label([1], 30);
    await store.undo();
    await store.label([1], 40);
    expect(store.canRedo).toBe(false);
    expect(labels.get(1)).toBe(40);
  });
});

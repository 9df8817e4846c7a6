/**
 * Labeling with undo and redo. A change is shown as saved only when the
 * service has committed it; undo replays the previous labels of exactly the
 * samples that changed.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LabelChange } from '@shared/contract/index.ts';
import { api } from '../api/index.ts';
import { useClassesStore } from './classes.ts';
import { useSamplesStore } from './samples.ts';

interface Step {
  datasetId: number;
  changes: LabelChange[];
}

const MAX_UNDO = 200;

export const useLabelingStore = defineStore('labeling', () => {
  const undoStack = ref<Step[]>([]);
  const redoStack = ref<Step[]>([]);
  const saving = ref(false);
  const lastSaved = ref<{ count: number; at: number } | null>(null);
  const error = ref<string | null>(null);

  async function run(datasetId: number, items: Array<{ sampleId: number; classId: number | null }>): Promise<LabelChange[]> {
    saving.value = true;
    error.value = null;
    try {
      const { changes } = await api.labels.assign({ datasetId, items });
      useSamplesStore().applyChanges(changes);
      lastSaved.value = { count: changes.length, at: Date.now() };
      void useClassesStore().reload();
      return changes;
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      saving.value = false;
    }
  }

  async function label(sampleIds: number[], classId: number | null): Promise<number> {
    const samples = useSamplesStore();
    if (!sampleIds.length || samples.datasetId === null) return 0;
    const datasetId = samples.datasetId;
    const changes = await run(datasetId, sampleIds.map((sampleId) => ({ sampleId, classId })));
    if (changes.length) {
      undoStack.value.push({ datasetId, changes });
      if (undoStack.value.length > MAX_UNDO) undoStack.value.shift();
      redoStack.value = [];
    }
    return changes.length;
  }

  async function undo(): Promise<boolean> {
    const step = undoStack.value.pop();
    if (!step) return false;
    await run(step.datasetId, step.changes.map((c) => ({ sampleId: c.sampleId, classId: c.oldLabelId })));
    redoStack.value.push(step);
    return true;
  }

  async function redo(): Promise<boolean> {
    const step = redoStack.value.pop();
    if (!step) return false;
    await run(step.datasetId, step.changes.map((c) => ({ sampleId: c.sampleId, classId: c.newLabelId })));
    undoStack.value.push(step);
    return true;
  }

  function reset(): void {
    undoStack.value = [];
    redoStack.value = [];
  }

  const canUndo = computed(() => undoStack.value.length > 0);
  const canRedo = computed(() => redoStack.value.length > 0);

  return { undoStack, redoStack, saving, lastSaved, error, label, undo, redo, reset, canUndo, canRedo };
});

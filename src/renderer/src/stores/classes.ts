/** Classes of the current dataset: names, colours, shortcuts, counts. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ClassInfo } from '@shared/contract/index.ts';
import { api } from '../api/index.ts';

export const useClassesStore = defineStore('classes', () => {
  const datasetId = ref<number | null>(null);
  const classes = ref<ClassInfo[]>([]);

  async function load(id: number): Promise<void> {
    datasetId.value = id;
    classes.value = await api.classes.list({ datasetId: id });
  }

  async function reload(): Promise<void> {
    if (datasetId.value !== null) classes.value = await api.classes.list({ datasetId: datasetId.value });
  }

  async function create(name: string, color?: string): Promise<ClassInfo> {
    const c = await api.classes.create({ datasetId: datasetId.value!, name, ...(color ? { color } : {}) });
    await reload();
    return c;
  }

  async function update(id: number, patch: { name?: string; color?: string; shortcut?: string | null }): Promise<void> {
    await api.classes.update({ id, ...patch });
    await reload();
  }

  async function remove(id: number): Promise<number> {
    const r = await api.classes.delete({ id });
    await reload();
    return r.unlabeled;
  }

  const byId = computed(() => new Map(classes.value.map((c) => [c.id, c])));
  const byShortcut = computed(() => new Map(classes.value.filter((c) => c.shortcut).map((c) => [c.shortcut!, c])));

  return { datasetId, classes, load, reload, create, update, remove, byId, byShortcut };
});

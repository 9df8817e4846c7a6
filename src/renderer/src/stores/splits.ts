/** The split of the current dataset: its settings and report, and (re)splitting. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { TrainyardError, type SplitConfig, type SplitReport } from '@shared/contract/index.ts';
import { api } from '../api/index.ts';

export const useSplitsStore = defineStore('splits', () => {
  const report = ref<SplitReport | null>(null);
  const busy = ref(false);

  async function load(datasetId: number): Promise<void> {
    report.value = await api.splits.get({ datasetId });
  }

  /**
   * Applies settings. Returns 'needs-confirm' when the dataset is already split
   * differently: re-splitting moves samples, so the caller must ask first.
   */
  async function apply(datasetId: number, config: SplitConfig, force = false): Promise<'done' | 'needs-confirm'> {
    busy.value = true;
    try {
      report.value = await api.splits.create({ datasetId, config, force });
      return 'done';
    } catch (err) {
      if (err instanceof TrainyardError && err.code === 'conflict' && !force) return 'needs-confirm';
      throw err;
    } finally {
      busy.value = false;
    }
  }

  return { report, busy, load, apply };
});

/** The open project and its datasets; which dataset the studio is looking at. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DatasetInfo, ProjectInfo } from '@shared/contract/index.ts';
import { api } from '../api/index.ts';

export const useProjectStore = defineStore('project', () => {
  const project = ref<ProjectInfo | null>(null);
  const datasets = ref<DatasetInfo[]>([]);
  const version = ref('');
  const sampleProject = ref<string | null>(null);
  const loaded = ref(false);

  async function refresh(): Promise<void> {
    const info = await api.app.info({});
    version.value = info.version;
    sampleProject.value = info.sampleProject;
    project.value = info.project;
    datasets.value = info.project ? await api.datasets.list({}) : [];
    loaded.value = true;
  }

  async function open(dir: string): Promise<void> {
    project.value = await api.project.open({ dir });
    datasets.value = await api.datasets.list({});
  }

  async function create(dir: string, name?: string): Promise<void> {
    project.value = await api.project.create(name ? { dir, name } : { dir });
    datasets.value = await api.datasets.list({});
  }

  async function refreshDatasets(): Promise<void> {
    if (project.value) datasets.value = await api.datasets.list({});
  }

  const byId = computed(() => new Map(datasets.value.map((d) => [d.id, d])));

  return { project, datasets, version, sampleProject, loaded, refresh, open, create, refreshDatasets, byId };
});

/**
 * The gallery's window onto a dataset: filter and sort, the total, pages of
 * rows fetched on demand as the grid scrolls, focus and selection. Only the
 * pages near the viewport are ever requested, so 100,000 samples cost what
 * one screen does.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { LabelChange, SampleFilter, SampleRow, SampleSort } from '@shared/contract/index.ts';
import { api } from '../api/index.ts';

export const PAGE_SIZE = 200;
const MAX_PAGES = 60;

export const useSamplesStore = defineStore('samples', () => {
  const datasetId = ref<number | null>(null);
  const filter = ref<SampleFilter>({});
  const sort = ref<SampleSort>('key');
  const desc = ref(false);
  const total = ref(0);
  const loading = ref(false);
  const pages = shallowRef(new Map<number, SampleRow[]>());
  const pending = new Map<number, Promise<void>>();
  let generation = 0;

  const focusIndex = ref(-1);
  const anchorIndex = ref(-1);
  const selection = shallowRef(new Set<number>());

  function rowAt(i: number): SampleRow | undefined {
    return pages.value.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  }

  async function fetchPage(p: number): Promise<void> {
    if (datasetId.value === null || pages.value.has(p) || pending.has(p)) return pending.get(p);
    const gen = generation;
    const job = api.samples
      .list({ datasetId: datasetId.value, filter: filter.value, sort: sort.value, desc: desc.value, offset: p * PAGE_SIZE, limit: PAGE_SIZE })
      .then((r) => {
        if (gen !== generation) return;
        total.value = r.total;
        // Keep memory bounded while someone scrolls through 100k samples.
        if (pages.value.size >= MAX_PAGES) pages.value.delete(pages.value.keys().next().value!);
        pages.value.set(p, r.items);
        triggerRef(pages);
      })
      .finally(() => pending.delete(p));
    pending.set(p, job);
    return job;
  }

  /** Makes sure rows [start, end) are loaded (or loading). */
  async function ensureRange(start: number, end: number): Promise<void> {
    const first = Math.max(0, Math.floor(start / PAGE_SIZE));
    const last = Math.floor(Math.max(start, end - 1) / PAGE_SIZE);
    const jobs: Array<Promise<void>> = [];
    for (let p = first; p <= last; p++) jobs.push(fetchPage(p));
    await Promise.all(jobs);
  }

  /** Drops every cached page and reloads the first; used when the result set changes. */
  async function reload(): Promise<void> {
    generation++;
    pending.clear();
    pages.value = new Map();
    loading.value = true;
    try {
      await fetchPage(0);
      if (!pages.value.has(0)) total.value = 0;
    } finally {
      loading.value = false;
    }
  }

  async function open(id: number): Promise<void> {
    if (datasetId.value !== id) {
      filter.value = {};
      clearSelection();
      focusIndex.value = -1;
    }
    datasetId.value = id;
    await reload();
  }

  async function setFilter(f: SampleFilter): Promise<void> {
    filter.value = f;
    clearSelection();
    focusIndex.value = -1;
    await reload();
  }

  async function setSort(s: SampleSort, d = false): Promise<void> {
    sort.value = s;
    desc.value = d;
    await reload();
  }

  /** Updates cached rows in place after a label change, without refetching. */
  function applyChanges(changes: LabelChange[]): void {
    const byId = new Map(changes.map((c) => [c.sampleId, c.newLabelId]));
    let touched = false;
    for (const rows of pages.value.values()) {
      rows.forEach((r, i) => {
        if (byId.has(r.id)) {
          rows[i] = { ...r, labelId: byId.get(r.id)! };
          touched = true;
        }
      });
    }
    if (touched) triggerRef(pages);
  }

  function clearSelection(): void {
    selection.value = new Set();
    anchorIndex.value = -1;
  }

  /** Click semantics of a file manager: plain, ctrl/cmd toggles, shift extends from the anchor. */
  function click(index: number, mods: { toggle?: boolean; range?: boolean } = {}): void {
    const row = rowAt(index);
    if (!row) return;
    const next = new Set(mods.toggle || mods.range ? selection.value : []);
    if (mods.range && anchorIndex.value >= 0) {
      const [a, b] = [Math.min(anchorIndex.value, index), Math.max(anchorIndex.value, index)];
      for (let i = a; i <= b; i++) {
        const r = rowAt(i);
        if (r) next.add(r.id);
      }
    } else if (mods.toggle && next.has(row.id)) {
      next.delete(row.id);
    } else {
      next.add(row.id);
      anchorIndex.value = index;
    }
    selection.value = next;
    focusIndex.value = index;
  }

  async function selectAll(): Promise<number> {
    if (datasetId.value === null) return 0;
    const r = await api.samples.ids({ datasetId: datasetId.value, filter: filter.value });
    selection.value = new Set(r.ids);
    return r.ids.length;
  }

  function moveFocus(delta: number): void {
    if (!total.value) return;
    const next = Math.min(total.value - 1, Math.max(0, (focusIndex.value < 0 ? 0 : focusIndex.value + delta)));
    focusIndex.value = next;
  }

  const focused = computed(() => (focusIndex.value >= 0 ? rowAt(focusIndex.value) ?? null : null));

  /** What a label key applies to: the selection, or else the focused sample. */
  const targetIds = computed<number[]>(() => {
    if (selection.value.size) return [...selection.value];
    return focused.value ? [focused.value.id] : [];
  });

  return {
    datasetId, filter, sort, desc, total, loading, pages, focusIndex, selection, focused, targetIds,
    rowAt, ensureRange, reload, open, setFilter, setSort, applyChanges, click, selectAll, clearSelection, moveFocus,
  };
});

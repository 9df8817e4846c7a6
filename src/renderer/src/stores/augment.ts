/**
 * The augmentation studio's state: the recipe being edited (validated on
 * every change with the same code the engine uses), saved recipes and their
 * versions, and the preview (samples, seed, K variants).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { opCatalog, opsFor } from '@shared/augment/catalog.ts';
import { presets } from '@shared/augment/presets.ts';
import { canonicalJson, RecipeSchema, validateRecipe, type GroupStep, type OpStep, type RecipeInput, type RecipeIssue } from '@shared/augment/recipe.ts';
import { defaultParams } from '@shared/augment/spec.ts';
import type { Modality, PreviewResult } from '@shared/contract/index.ts';
import { createRng, hashKey } from '@shared/rng.ts';
import { api } from '../api/index.ts';

export type EditableStep = (OpStep | GroupStep) & { uid: number };
export type BalanceSetting = { mode: 'none' } | { mode: 'upTo'; n: number } | { mode: 'majority' };

let uid = 1;

export function newOpStep(op: string): OpStep {
  const spec = opCatalog.get(op)!;
  return { op, p: spec.p, enabled: true, params: defaultParams(spec) };
}

/** Fills what a recipe file may leave out (enabled, params) so the editor shows the state the engine will use. */
function normalizeStep(s: RecipeInput['steps'][number]): OpStep | GroupStep {
  if ('group' in s) return { ...structuredClone(s), enabled: s.enabled ?? true, steps: s.steps.map((c) => normalizeStep(c) as OpStep) };
  return { ...structuredClone(s), enabled: s.enabled ?? true, params: structuredClone(s.params ?? {}) };
}

/** Issues of one step, with paths made relative to it (`p`, `params.angle`, `steps.1.params.std`). */
export function issuesUnder(issues: readonly RecipeIssue[], prefix: string): RecipeIssue[] {
  return issues.filter((x) => x.path === prefix || x.path.startsWith(`${prefix}.`)).map((x) => ({ ...x, path: x.path.slice(prefix.length + 1) }));
}

export const useAugmentStore = defineStore('augment', () => {
  const datasetId = ref<number | null>(null);
  const modality = ref<Modality>('image');
  const name = ref('my recipe');
  const steps = ref<EditableStep[]>([]);
  const classes = ref<string[]>([]);
  const balance = ref<BalanceSetting>({ mode: 'none' });
  const protect = ref({ numbers: true, entities: true, words: [] as string[] });
  const backgroundDir = ref('');
  const saved = ref<Array<{ id: number; name: string; modality: Modality; version: number }>>([]);
  /** The saved recipe the editor was loaded from or saved as, if any. */
  const source = ref<{ id: number; version: number; latest: number } | null>(null);
  const baseline = ref('');
  /** The step added last: its card opens, the others stay folded. */
  const lastAdded = ref<number | null>(null);
  const preview = ref<PreviewResult | null>(null);
  const previewing = ref(false);
  const previewError = ref<string | null>(null);
  const seed = ref(0);
  const variants = ref(4);
  const previewIds = ref<number[]>([]);
  /** Counts the previews shown, so a watcher (or a test) can tell a new one arrived. */
  const previewVersion = ref(0);
  let previewRequest = 0;
  let picks = 0;

  /** The recipe as JSON, exactly what is saved, previewed and exported. */
  const recipe = computed<RecipeInput>(() => {
    const r: RecipeInput = { version: 1, name: name.value, modality: modality.value, steps: steps.value.map(({ uid: _, ...s }) => s) };
    if (classes.value.length) r.classes = [...classes.value];
    if (balance.value.mode !== 'none') r.balance = { ...balance.value };
    if (modality.value === 'text') r.protect = { ...protect.value, words: [...protect.value.words] };
    if (modality.value === 'audio' && backgroundDir.value.trim()) r.backgroundDir = backgroundDir.value.trim();
    return r;
  });

  const validation = computed(() => validateRecipe(recipe.value, opCatalog));
  const issues = computed<RecipeIssue[]>(() => (validation.value.ok ? [] : validation.value.issues));
  const available = computed(() => opsFor(modality.value));
  const dirty = computed(() => canonicalJson(recipe.value) !== baseline.value);

  function load(r: RecipeInput, from: { id: number; version: number; latest: number } | null = null): void {
    modality.value = r.modality;
    name.value = r.name;
    steps.value = (r.steps ?? []).map((s) => ({ ...normalizeStep(s), uid: uid++ }));
    classes.value = [...(r.classes ?? [])];
    balance.value = r.balance ? { ...r.balance } : { mode: 'none' };
    protect.value = { numbers: r.protect?.numbers ?? true, entities: r.protect?.entities ?? true, words: [...(r.protect?.words ?? [])] };
    backgroundDir.value = r.backgroundDir ?? '';
    source.value = from;
    lastAdded.value = null;
    baseline.value = canonicalJson(recipe.value);
  }

  function loadPreset(modalityName: Modality): void {
    const preset = Object.values(presets).find((p) => p.modality === modalityName);
    load(preset ?? { version: 1, name: `${modalityName} recipe`, modality: modalityName, steps: [] });
  }

  /** Points the studio at a dataset: a recipe of its modality, and no preview of another dataset's samples. */
  function useDataset(id: number, kind: Modality): void {
    if (modality.value !== kind || !steps.value.length) loadPreset(kind);
    if (datasetId.value !== id) {
      // Class names belong to a dataset: a limit carried over from another one would silently augment nothing.
      if (datasetId.value !== null) classes.value = [];
      previewIds.value = [];
      preview.value = null;
      previewError.value = null;
    }
    datasetId.value = id;
  }

  /** Parses a recipe file: structure errors refuse it, catalog issues load it and show next to their fields. */
  function importJson(text: string): string {
    const parsed = RecipeSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'recipe'}: ${i.message}`).join('; '));
    if (parsed.data.modality !== modality.value) throw new Error(`that recipe is for ${parsed.data.modality}, this dataset holds ${modality.value}`);
    load(parsed.data);
    return parsed.data.name;
  }

  function addOp(op: string): void {
    const s = { ...newOpStep(op), uid: uid++ };
    steps.value = [...steps.value, s];
    lastAdded.value = s.uid;
  }

  function addGroup(group: 'oneOf' | 'someOf', ops: string[]): void {
    const children = ops.map(newOpStep);
    const s: EditableStep = { group, p: 1, enabled: true, ...(group === 'someOf' ? { n: [1, Math.max(1, children.length - 1)] as [number, number] } : {}), steps: children, uid: uid++ };
    steps.value = [...steps.value, s];
    lastAdded.value = s.uid;
  }

  function update(index: number, step: EditableStep): void {
    steps.value = steps.value.map((x, j) => (j === index ? step : x));
  }

  function move(from: number, to: number): void {
    if (from === to || from < 0 || to < 0 || from >= steps.value.length || to >= steps.value.length) return;
    const list = [...steps.value];
    const [s] = list.splice(from, 1);
    list.splice(to, 0, s!);
    steps.value = list;
  }

  function remove(index: number): void {
    steps.value = steps.value.filter((_, i) => i !== index);
  }

  async function refreshSaved(): Promise<void> {
    saved.value = await api.recipes.list({});
  }

  async function save(): Promise<number> {
    const row = await api.recipes.save({ recipe: recipe.value as Record<string, unknown> });
    source.value = { id: row.id, version: row.version, latest: row.version };
    baseline.value = canonicalJson(recipe.value);
    await refreshSaved();
    return row.version;
  }

  async function open(id: number, version?: number): Promise<void> {
    const r = await api.recipes.get(version ? { id, version } : { id });
    const latest = saved.value.find((s) => s.id === id)?.version ?? r.version;
    load(r.recipe as RecipeInput, { id, version: version ?? r.version, latest });
  }

  async function runPreview(): Promise<void> {
    if (datasetId.value === null || !previewIds.value.length || !validation.value.ok) return;
    // Only the answer to the latest request is shown: a slow earlier one must not overwrite it.
    const mine = ++previewRequest;
    previewing.value = true;
    previewError.value = null;
    try {
      const result = await api.augment.preview({
        datasetId: datasetId.value, recipe: recipe.value as Record<string, unknown>, sampleIds: previewIds.value, variants: variants.value, seed: seed.value,
      });
      if (mine === previewRequest) {
        preview.value = result;
        previewVersion.value++;
      }
    } catch (err) {
      if (mine === previewRequest) previewError.value = err instanceof Error ? err.message : String(err);
    } finally {
      if (mine === previewRequest) previewing.value = false;
    }
  }

  /** Picks n samples at random (optionally from one class), a new draw each time. */
  async function pickRandom(labelId: number | null, n = 3): Promise<number> {
    if (datasetId.value === null) return 0;
    const filter = labelId === null ? {} : { labelIds: [labelId] };
    const { ids } = await api.samples.ids({ datasetId: datasetId.value, filter, limit: 5000 });
    const rng = createRng(hashKey(`preview-pick:${picks++}`, seed.value));
    const pool = [...ids];
    for (let i = 0; i < Math.min(n, pool.length); i++) {
      const j = i + rng.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    previewIds.value = pool.slice(0, n);
    await runPreview();
    return previewIds.value.length;
  }

  async function previewSamples(ids: number[]): Promise<void> {
    previewIds.value = ids.slice(0, 12);
    await runPreview();
  }

  /** A new seed for the preview and the export (the studio's own choice of randomness, not a data path). */
  function reroll(): void {
    let next = seed.value;
    while (next === seed.value) next = createRng(Date.now() + picks++).int(1_000_000);
    seed.value = next;
  }

  return {
    datasetId, modality, name, steps, classes, balance, protect, backgroundDir, saved, source, dirty, lastAdded,
    preview, previewVersion, previewing, previewError, seed, variants, previewIds, recipe, validation, issues, available,
    load, loadPreset, useDataset, importJson, addOp, addGroup, update, move, remove, refreshSaved, save, open,
    runPreview, pickRandom, previewSamples, reroll,
  };
});

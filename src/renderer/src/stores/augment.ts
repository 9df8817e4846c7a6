/**
 * The augmentation studio's state: the recipe being edited (validated on
 * every change with the same code the engine uses), saved recipes, the
 * preview (samples, seed, K variants) and the export.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { opCatalog, opsFor } from '@shared/augment/catalog.ts';
import { presets } from '@shared/augment/presets.ts';
import { validateRecipe, type GroupStep, type OpStep, type RecipeInput } from '@shared/augment/recipe.ts';
import { defaultParams } from '@shared/augment/spec.ts';
import type { Modality, PreviewResult } from '@shared/contract/index.ts';
import { createRng } from '@shared/rng.ts';
import { api } from '../api/index.ts';

export type EditableStep = (OpStep | GroupStep) & { uid: number };

let uid = 1;
const withUid = <T extends object>(s: T): T & { uid: number } => ({ ...s, uid: uid++ });

export function newOpStep(op: string): OpStep {
  const spec = opCatalog.get(op)!;
  return { op, p: spec.p, enabled: true, params: defaultParams(spec) };
}

export const useAugmentStore = defineStore('augment', () => {
  const modality = ref<Modality>('image');
  const name = ref('my recipe');
  const steps = ref<EditableStep[]>([]);
  const classes = ref<string[]>([]);
  const balance = ref<{ mode: 'none' } | { mode: 'upTo'; n: number } | { mode: 'majority' }>({ mode: 'none' });
  const protect = ref({ numbers: true, entities: true, words: [] as string[] });
  const backgroundDir = ref('');
  const saved = ref<Array<{ id: number; name: string; modality: Modality; version: number }>>([]);
  const preview = ref<PreviewResult | null>(null);
  const previewing = ref(false);
  const previewError = ref<string | null>(null);
  const seed = ref(0);
  const variants = ref(4);
  const previewIds = ref<number[]>([]);

  /** The recipe as JSON, exactly what is saved, previewed and exported. */
  const recipe = computed<RecipeInput>(() => {
    const r: RecipeInput = {
      version: 1,
      name: name.value,
      modality: modality.value,
      steps: steps.value.map(({ uid: _, ...s }) => s),
    };
    if (classes.value.length) r.classes = [...classes.value];
    if (balance.value.mode !== 'none') r.balance = { ...balance.value };
    if (modality.value === 'text') r.protect = { ...protect.value, words: [...protect.value.words] };
    if (modality.value === 'audio' && backgroundDir.value.trim()) r.backgroundDir = backgroundDir.value.trim();
    return r;
  });

  const validation = computed(() => validateRecipe(recipe.value, opCatalog));
  const issues = computed(() => (validation.value.ok ? [] : validation.value.issues));
  const available = computed(() => opsFor(modality.value));

  function load(r: RecipeInput): void {
    modality.value = r.modality;
    name.value = r.name;
    steps.value = (r.steps ?? []).map((s) => withUid(structuredClone(s) as OpStep | GroupStep));
    classes.value = [...(r.classes ?? [])];
    balance.value = r.balance ? { ...r.balance } : { mode: 'none' };
    protect.value = { numbers: r.protect?.numbers ?? true, entities: r.protect?.entities ?? true, words: [...(r.protect?.words ?? [])] };
    backgroundDir.value = r.backgroundDir ?? '';
    preview.value = null;
  }

  function loadPreset(modalityName: Modality): void {
    const preset = Object.values(presets).find((p) => p.modality === modalityName);
    if (preset) load(preset);
    else load({ version: 1, name: `${modalityName} recipe`, modality: modalityName, steps: [] });
  }

  function addOp(op: string): void {
    steps.value.push(withUid(newOpStep(op)));
  }

  function addGroup(group: 'oneOf' | 'someOf', ops: string[]): void {
    const children = ops.map(newOpStep);
    steps.value.push(withUid({ group, p: 1, enabled: true, ...(group === 'someOf' ? { n: [1, Math.max(1, children.length - 1)] as [number, number] } : {}), steps: children }));
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
    await refreshSaved();
    return row.version;
  }

  async function open(id: number): Promise<void> {
    const r = await api.recipes.get({ id });
    load(r.recipe as RecipeInput);
  }

  async function runPreview(datasetId: number): Promise<void> {
    if (!previewIds.value.length || !validation.value.ok) return;
    previewing.value = true;
    previewError.value = null;
    try {
      preview.value = await api.augment.preview({
        datasetId, recipe: recipe.value as Record<string, unknown>, sampleIds: previewIds.value, variants: variants.value, seed: seed.value,
      });
    } catch (err) {
      previewError.value = err instanceof Error ? err.message : String(err);
    } finally {
      previewing.value = false;
    }
  }

  /** A new seed for the preview (the studio's own choice of randomness, not a data path). */
  function reroll(): void {
    seed.value = Math.floor(createRng(Date.now()).next() * 1_000_000);
  }

  return {
    modality, name, steps, classes, balance, protect, backgroundDir, saved, preview, previewing, previewError, seed, variants, previewIds,
    recipe, validation, issues, available, load, loadPreset, addOp, addGroup, move, remove, refreshSaved, save, open, runPreview, reroll,
  };
});

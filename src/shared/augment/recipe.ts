/**
 * A recipe is data: an ordered list of steps (operations with parameter
 * ranges and a probability, or groups `oneOf` / `someOf`), for one modality,
 * optionally limited to some classes. JSON in, JSON out; validated against
 * the operation catalog with messages that name the step and the field.
 */
import { z } from 'zod';
import type { Modality } from '../contract/schemas.ts';
import { Modality as ModalitySchema } from '../contract/schemas.ts';
import type { OpSpec, ParamSpec, ParamValue } from './spec.ts';

export const RECIPE_VERSION = 1;

const ParamValueSchema = z.union([z.number(), z.tuple([z.number(), z.number()]), z.string().max(2000), z.boolean()]);

export const OpStep = z.object({
  op: z.string().min(1).max(100),
  /** Probability that the step runs for a given sample (0–1). */
  p: z.number(),
  enabled: z.boolean().default(true),
  params: z.record(z.string(), ParamValueSchema).default({}),
});
export type OpStep = z.infer<typeof OpStep>;

export const GroupStep = z.object({
  /** oneOf: pick one child; someOf: pick n of them (n drawn from [min, max]), applied in recipe order. */
  group: z.enum(['oneOf', 'someOf']),
  p: z.number(),
  enabled: z.boolean().default(true),
  n: z.tuple([z.number().int(), z.number().int()]).optional(),
  steps: z.array(OpStep).min(1).max(50),
});
export type GroupStep = z.infer<typeof GroupStep>;

export const Step = z.union([OpStep, GroupStep]);
export type Step = z.infer<typeof Step>;

export const ProtectRulesSchema = z.object({
  numbers: z.boolean().default(true),
  entities: z.boolean().default(true),
  words: z.array(z.string().min(1).max(200)).max(1000).default([]),
});

export const Balance = z.union([
  z.object({ mode: z.literal('none') }),
  /** Augment each class up to n samples (originals count). */
  z.object({ mode: z.literal('upTo'), n: z.number().int().min(1).max(10_000_000) }),
  /** Augment each class up to the size of the largest class. */
  z.object({ mode: z.literal('majority') }),
]);
export type Balance = z.infer<typeof Balance>;

export const RecipeSchema = z.object({
  version: z.literal(RECIPE_VERSION).default(RECIPE_VERSION),
  name: z.string().trim().min(1).max(200),
  modality: ModalitySchema,
  description: z.string().max(2000).optional(),
  /** Only samples of these classes are augmented ("tailor augmentation to your data"); empty or absent: all. */
  classes: z.array(z.string().min(1).max(200)).max(1000).optional(),
  steps: z.array(Step).max(100),
  balance: Balance.optional(),
  /** Text: tokens no operation may change. */
  protect: ProtectRulesSchema.optional(),
  /** Audio: a folder of WAV clips for background-noise mixing. */
  backgroundDir: z.string().max(4096).optional(),
});
export type Recipe = z.infer<typeof RecipeSchema>;
export type RecipeInput = z.input<typeof RecipeSchema>;

export interface RecipeIssue {
  /** Where: `steps.2.params.angle`, `steps.0.p`, `modality` … */
  path: string;
  message: string;
}

function describeStep(i: number, step: { op?: string; group?: string }, parent?: number): string {
  const where = parent === undefined ? `step ${i + 1}` : `step ${parent + 1}.${i + 1}`;
  return `${where} (${step.op ?? step.group ?? '?'})`;
}

function checkParam(name: string, spec: ParamSpec, v: ParamValue): string | null {
  switch (spec.type) {
    case 'range': {
      if (!Array.isArray(v)) return typeof v === 'number' ? checkParam(name, spec, [v, v]) : `${name} must be a range [min, max]`;
      const [lo, hi] = v;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return `${name} must be finite numbers`;
      if (lo > hi) return `${name}: min ${lo} is above max ${hi}`;
      if (lo < spec.min) return `${name}: ${lo} is below the minimum ${spec.min}`;
      if (hi > spec.max) return `${name}: ${hi} is above the maximum ${spec.max}`;
      return null;
    }
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${name} must be a number`;
      if (v < spec.min || v > spec.max) return `${name}: ${v} is outside ${spec.min}–${spec.max}`;
      if (spec.integer && !Number.isInteger(v)) return `${name} must be a whole number`;
      return null;
    case 'choice':
      return typeof v === 'string' && spec.options.includes(v) ? null : `${name} must be one of ${spec.options.join(', ')}`;
    case 'bool':
      return typeof v === 'boolean' ? null : `${name} must be true or false`;
    case 'color':
      return typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v) ? null : `${name} must be a colour like #808080`;
    case 'text':
      return typeof v === 'string' && v.length <= spec.maxLength ? null : `${name} must be text of at most ${spec.maxLength} characters`;
  }
}

function checkOp(step: OpStep, label: string, path: string, modality: Modality, catalog: ReadonlyMap<string, OpSpec>, issues: RecipeIssue[]): void {
  const spec = catalog.get(step.op);
  if (!spec) {
    const names = [...catalog.values()].filter((s) => s.modality === modality).map((s) => s.name);
    issues.push({ path: `${path}.op`, message: `${label}: unknown operation "${step.op}" (${modality} operations: ${names.join(', ')})` });
    return;
  }
  if (spec.modality !== modality) {
    issues.push({ path: `${path}.op`, message: `${label}: "${step.op}" is ${spec.modality === 'text' ? 'a' : 'an'} ${spec.modality} operation, but this recipe is for ${modality}` });
    return;
  }
  for (const key of Object.keys(step.params)) {
    if (!spec.params[key]) issues.push({ path: `${path}.params.${key}`, message: `${label}: unknown parameter "${key}" (known: ${Object.keys(spec.params).join(', ') || 'none'})` });
  }
  for (const [key, pspec] of Object.entries(spec.params)) {
    const v = step.params[key];
    if (v === undefined) continue; // the default applies
    const problem = checkParam(key, pspec, v);
    if (problem) issues.push({ path: `${path}.params.${key}`, message: `${label}: ${problem}` });
  }
}

/** Settings an operation depends on outside its own parameters. */
function checkNeeds(recipe: Recipe, step: OpStep, label: string, path: string, issues: RecipeIssue[]): void {
  if (step.op === 'background_noise' && step.enabled && !recipe.backgroundDir?.trim()) {
    issues.push({ path: `${path}.op`, message: `${label}: needs a folder of background WAV clips (the recipe's backgroundDir)` });
  }
}

function checkP(p: number, label: string, path: string, issues: RecipeIssue[]): void {
  if (!(p >= 0 && p <= 1)) issues.push({ path: `${path}.p`, message: `${label}: probability p must be between 0 and 1, got ${p}` });
}

/**
 * A step that fits neither an operation nor a group only says "Invalid
 * input"; parse it as what it looks like instead, so the message names the field.
 */
function explainUnion(path: PropertyKey[], code: string, input: unknown): Array<{ path: PropertyKey[]; message: string }> | null {
  if (code !== 'invalid_union' || path.length !== 2 || path[0] !== 'steps') return null;
  const step = (input as { steps?: unknown[] }).steps?.[Number(path[1])];
  if (!step || typeof step !== 'object') return null;
  const r = ('group' in step ? GroupStep : OpStep).safeParse(step);
  return r.success ? null : r.error.issues.map((i) => ({ path: [...path, ...i.path], message: i.message }));
}

/**
 * Parses and checks a recipe against the catalog. Returns the recipe with
 * defaults filled in, or the list of problems, each naming the step and field.
 */
export function validateRecipe(input: unknown, catalog: ReadonlyMap<string, OpSpec>): { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] } {
  const parsed = RecipeSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.flatMap((i) => explainUnion(i.path, i.code, input) ?? [i]).map((i) => {
        const path = i.path.map(String).join('.');
        const m = /^steps\.(\d+)(?:\.steps\.(\d+))?/.exec(path);
        const where = m ? `step ${Number(m[1]) + 1}${m[2] === undefined ? '' : `.${Number(m[2]) + 1}`}` : '';
        return { path, message: m ? `${where}: ${path.slice(m[0].length + 1) || 'step'}: ${i.message}` : `${path || 'recipe'}: ${i.message}` };
      }),
    };
  }
  const recipe = parsed.data;
  const issues: RecipeIssue[] = [];
  recipe.steps.forEach((step, i) => {
    const label = describeStep(i, step);
    checkP(step.p, label, `steps.${i}`, issues);
    if ('group' in step) {
      if (step.group === 'someOf') {
        const n = step.n ?? [1, 1];
        if (n[0] < 0 || n[0] > n[1] || n[1] > step.steps.length) {
          issues.push({ path: `steps.${i}.n`, message: `${label}: n must be a range within 0–${step.steps.length}, got [${n.join(', ')}]` });
        }
      }
      step.steps.forEach((child, j) => {
        const childLabel = describeStep(j, child, i);
        checkP(child.p, childLabel, `steps.${i}.steps.${j}`, issues);
        checkOp(child, childLabel, `steps.${i}.steps.${j}`, recipe.modality, catalog, issues);
        checkNeeds(recipe, child, childLabel, `steps.${i}.steps.${j}`, issues);
      });
    } else {
      checkOp(step, label, `steps.${i}`, recipe.modality, catalog, issues);
      checkNeeds(recipe, step, label, `steps.${i}`, issues);
    }
  });
  return issues.length ? { ok: false, issues } : { ok: true, recipe };
}

/** A stable id for a recipe's content (what was applied), independent of key order and whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

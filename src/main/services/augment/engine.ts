/**
 * The augmentation engine: compiles a validated recipe against the operation
 * implementations and runs it on one sample. Every sample variant gets its
 * own generator, seeded from (recipe seed, sample key, variant), and every
 * step forks its own stream from that, so the result depends only on those
 * three things: not on worker count, order, or which other samples ran.
 * What was drawn is returned, so one variant can be replayed alone.
 */
import { opCatalog } from '../../../shared/augment/catalog.ts';
import { validateRecipe, type OpStep, type Recipe } from '../../../shared/augment/recipe.ts';
import { defaultParams, type ParamValue } from '../../../shared/augment/spec.ts';
import { TrainyardError } from '../../../shared/contract/index.ts';
import { createRng, hashKey, type Rng } from '../../../shared/rng.ts';
import type { ApplyContext, Drawn, OpImpl } from './op.ts';
import { implsFor } from './registry.ts';

/** One operation that actually ran on a variant, with what it drew. */
export interface Applied {
  op: string;
  /** Index path of the step in the recipe: "2" or "3.1" for a group child. */
  step: string;
  drawn: Drawn;
}

interface CompiledOp {
  kind: 'op';
  step: string;
  p: number;
  impl: OpImpl<unknown>;
  params: Record<string, ParamValue>;
}

interface CompiledGroup {
  kind: 'oneOf' | 'someOf';
  step: string;
  p: number;
  n: [number, number];
  children: CompiledOp[];
}

export interface Pipeline {
  recipe: Recipe;
  steps: Array<CompiledOp | CompiledGroup>;
  impls: ReadonlyMap<string, OpImpl<unknown>>;
}

function compileOp(impls: ReadonlyMap<string, OpImpl<unknown>>, step: OpStep, path: string): CompiledOp {
  const impl = impls.get(step.op);
  if (!impl) throw new TrainyardError('invalid_input', `no implementation of "${step.op}"`);
  return { kind: 'op', step: path, p: step.p, impl, params: { ...defaultParams(impl.spec), ...step.params } };
}

/** Validates (naming step and field on error) and binds each step to its implementation. */
export function compileRecipe(input: unknown): Pipeline {
  const v = validateRecipe(input, opCatalog);
  if (!v.ok) throw new TrainyardError('invalid_input', `invalid recipe: ${v.issues.map((i) => i.message).join('; ')}`, { issues: v.issues });
  const impls = implsFor(v.recipe);
  const steps = v.recipe.steps
    .map((s, i): CompiledOp | CompiledGroup | null => {
      if (!s.enabled) return null;
      if ('group' in s) {
        const children = s.steps.filter((c) => c.enabled).map((c, j) => compileOp(impls, c, `${i}.${j}`));
        return { kind: s.group, step: String(i), p: s.p, n: s.n ?? [1, 1], children };
      }
      return compileOp(impls, s, String(i));
    })
    .filter((s): s is CompiledOp | CompiledGroup => s !== null);
  return { recipe: v.recipe, steps, impls };
}

/** The generator of one variant: a pure function of (seed, key, variant). */
export function variantRng(seed: number, key: string, variant: number): Rng {
  return createRng(hashKey(`${key}\u0000${variant}`, seed));
}

async function runOp<S>(op: CompiledOp, rng: Rng, sample: S, ctx: ApplyContext, applied: Applied[]): Promise<S> {
  const impl = op.impl as OpImpl<S>;
  const drawn = impl.draw(rng, op.params, sample);
  applied.push({ op: impl.spec.name, step: op.step, drawn });
  return impl.apply(sample, drawn, ctx);
}

/** Chooses which children of a group run, in recipe order. */
function chooseChildren(group: CompiledGroup, rng: Rng): CompiledOp[] {
  const kids = group.children;
  if (!kids.length) return [];
  if (group.kind === 'oneOf') {
    // Children's p act as weights, as users of albumentations expect.
    const total = kids.reduce((a, k) => a + Math.max(0, k.p), 0);
    if (total <= 0) return [kids[rng.int(kids.length)]!];
    let x = rng.next() * total;
    for (const k of kids) {
      x -= Math.max(0, k.p);
      if (x < 0) return [k];
    }
    return [kids[kids.length - 1]!];
  }
  const [lo, hi] = group.n;
  const count = Math.min(kids.length, lo + rng.int(hi - lo + 1));
  const order = kids.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = new Set(order.slice(0, count));
  return kids.filter((_, i) => chosen.has(i));
}

/** Runs the pipeline on one sample variant. */
export async function augment<S>(pipeline: Pipeline, sample: S, at: { seed: number; key: string; variant: number }, ctx: ApplyContext): Promise<{ output: S; applied: Applied[] }> {
  const rng = variantRng(at.seed, at.key, at.variant);
  const applied: Applied[] = [];
  let current = sample;
  for (const step of pipeline.steps) {
    const stepRng = rng.fork(`step:${step.step}`);
    if (stepRng.next() >= step.p) continue;
    if (step.kind === 'op') current = await runOp(step, stepRng, current, ctx, applied);
    else for (const child of chooseChildren(step, stepRng)) current = await runOp(child, stepRng.fork(`child:${child.step}`), current, ctx, applied);
  }
  return { output: current, applied };
}

/** Applies recorded operations again, without any randomness: the replay of one manifest row. */
export async function replay<S>(pipeline: Pipeline, sample: S, applied: Applied[], ctx: ApplyContext): Promise<S> {
  let current = sample;
  for (const a of applied) {
    const impl = pipeline.impls.get(a.op) as OpImpl<S> | undefined;
    if (!impl) throw new TrainyardError('invalid_input', `cannot replay unknown operation "${a.op}"`);
    current = await impl.apply(current, a.drawn, ctx);
  }
  return current;
}

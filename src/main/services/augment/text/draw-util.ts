/** Small helpers shared by the text operations' draw() and apply(). */
import { defaultParams, type OpSpec, type ParamValue } from '../../../../shared/augment/spec.ts';
import type { Rng } from '../../../../shared/rng.ts';
import type { Drawn } from '../op.ts';

/** The spec's defaults under the given values (the engine merges them already; direct callers may not). */
const merged = new WeakMap<OpSpec, WeakMap<Record<string, ParamValue>, Record<string, ParamValue>>>();

export function withDefaults(spec: OpSpec, params: Record<string, ParamValue>): Record<string, ParamValue> {
  // The engine passes the same params object for every sample of a step: merge it once.
  let bySpec = merged.get(spec);
  if (!bySpec) merged.set(spec, (bySpec = new WeakMap()));
  let m = bySpec.get(params);
  if (!m) bySpec.set(params, (m = { ...defaultParams(spec), ...params }));
  return m;
}

export function numberParam(params: Record<string, ParamValue>, key: string): number {
  const v = params[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * How many of `available` items to change for a fraction: stochastic
 * rounding (so the expected count is exactly fraction × available), then
 * at least `min`, at most `max` (max wins), never more than available.
 */
export function countFor(rng: Rng, fraction: number, min: number, max: number, available: number): number {
  let n = Math.floor(fraction * available + rng.next());
  n = Math.min(Math.max(n, min), max);
  return Math.max(0, Math.min(n, available));
}

/** k distinct indices of [0, n), uniformly (partial Fisher–Yates), ascending. */
export function choose(rng: Rng, n: number, k: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m).sort((a, b) => a - b);
}

/** A random order of [0, n). */
export function permutation(rng: Rng, n: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

/** Separator of string lists in `drawn`: never part of a word token, a synonym or a table entry. */
export const SEP = '|';

export function joinList(items: readonly string[]): string {
  return items.join(SEP);
}

/** A number list of `drawn`; entries that are not whole numbers become -1, which apply() skips. */
export function drawnNumbers(drawn: Drawn, key: string): number[] {
  const v = drawn[key];
  return Array.isArray(v) ? v.map((x) => (Number.isInteger(x) ? x : -1)) : [];
}

/** A string list of `drawn` with exactly `n` items (shorter lists are padded with ''). */
export function drawnStrings(drawn: Drawn, key: string, n: number): string[] {
  const v = drawn[key];
  const items = n === 0 || typeof v !== 'string' ? [] : v.split(SEP);
  while (items.length < n) items.push('');
  return items;
}

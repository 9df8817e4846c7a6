/**
 * Assignment of samples (or whole groups) to train / validation / test.
 *
 * Pure and in-memory: the splitting service loads arrays from SQLite, calls
 * these and writes the result back. Every choice comes from the seeded
 * `hashKey`, so a result depends only on the set of (key, stratum, current)
 * triples, the ratios and the seed, never on the order the rows arrive in.
 *
 * Split codes: 0 = train, 1 = validation, 2 = test, -1 = not assigned.
 */
import { hashKey } from '../../../shared/rng.ts';
import { compareHashKey, splitByRank } from './select.ts';

/** Fractions for train, validation and test; they sum to 1. */
export type Ratios = readonly [number, number, number];

/** Remainders closer than this are equal: 0.15 * 10 must tie with 0.15 * 10 however it rounds. */
const EPS = 1e-9;

/** Checks ratios and rescales them to sum to exactly 1 as far as floats allow. */
function normalizeRatios(ratios: Ratios): [number, number, number] {
  const [a, b, c] = ratios;
  for (const r of ratios) {
    if (!Number.isFinite(r) || r < 0) throw new RangeError(`ratios must be finite and >= 0, got [${ratios.join(', ')}]`);
  }
  const sum = a + b + c;
  if (Math.abs(sum - 1) > 1e-6) throw new RangeError(`ratios must sum to 1, got [${ratios.join(', ')}]`);
  return [a / sum, b / sum, c / sum];
}

/**
 * Integer target counts for n items: largest-remainder rounding, so each is
 * within 1 of ratio*n and they sum to n. Ties in remainders go to train, then
 * validation, then test. A zero ratio always gets 0.
 */
export function targetCounts(n: number, ratios: Ratios): [number, number, number] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  return targetsFor(n, normalizeRatios(ratios));
}

function targetsFor(n: number, r: readonly [number, number, number]): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  const rem = [0, 0, 0];
  let left = n;
  for (let s = 0; s < 3; s++) {
    const exact = r[s]! * n;
    // 6.9999999999 is 7 that lost a bit, not 6 with a large remainder.
    const f = Math.min(n, Math.floor(exact + EPS));
    out[s] = f;
    rem[s] = Math.max(0, exact - f);
    left -= f;
  }
  for (; left > 0; left--) {
    let best = -1;
    for (let s = 0; s < 3; s++) {
      if (r[s]! > 0 && (best < 0 || rem[s]! > rem[best]! + EPS)) best = s;
    }
    out[best]!++;
    rem[best]! -= 1;
  }
  // Only reachable when float error pushes the floors past n: take it back
  // from the largest count so the sum stays exact.
  for (; left < 0; left++) {
    const s = out[0] >= out[1] && out[0] >= out[2] ? 0 : out[1] >= out[2] ? 1 : 2;
    out[s]--;
  }
  return out;
}

/**
 * The split whose share has fallen furthest behind once `size` more samples
 * are placed: argmax of `r[s] * (placed + size) - counts[s]`, lower index on
 * ties, never a zero-ratio split.
 */
function mostBehind(r: readonly [number, number, number], counts: Float64Array, base: number, placed: number, size: number): number {
  let best = -1;
  let bestDeficit = 0;
  for (let s = 0; s < 3; s++) {
    if (r[s]! <= 0) continue;
    const d = r[s]! * (placed + size) - counts[base + s]!;
    if (best < 0 || d > bestDeficit) {
      best = s;
      bestDeficit = d;
    }
  }
  return best;
}

function checkCurrent(current: Int8Array, n: number, what: string): void {
  if (current.length !== n) throw new RangeError(`current has ${current.length} entries for ${n} ${what}`);
  for (let i = 0; i < n; i++) {
    const c = current[i]!;
    if (c < -1 || c > 2) throw new RangeError(`current[${i}] = ${c} is not a split (-1, 0, 1, 2)`);
  }
}

export interface AssignInput {
  /** Stable sample keys; must be unique (ties in hash are broken on the key). */
  keys: readonly string[];
  /** Stratum per sample (class id index); one value everywhere for an unstratified split. */
  strata: Int32Array;
  /** Existing split per sample, -1 when unassigned; never changed for assigned samples. */
  current: Int8Array;
  ratios: Ratios;
  seed: number;
}

/**
 * Returns a new Int8Array with every sample assigned; samples that already
 * had a split keep it.
 *
 * Per stratum:
 * - First split (no sample of the stratum assigned yet) is exact: the counts
 *   are `targetCounts(n_stratum, ratios)`. Samples are ranked by
 *   `hashKey(key, seed)`, then key; the first t0 go to train, the next t1 to
 *   validation, the rest to test. Only the two boundary hashes are selected
 *   (linear time), nothing is sorted.
 * - Later growth: the new samples, in ascending (hash, key) order, each go
 *   to the split with the largest deficit
 *   `ratios[s] * (assigned_in_stratum + 1) - count[s]`. Stability beats
 *   exactness here: a model evaluated on a test set must not see those test
 *   samples move into train when data is added, so existing samples are
 *   never rebalanced; instead new samples are steered toward the splits that
 *   are behind, which moves the class back toward its targets as it grows.
 */
export function assignSplits(input: AssignInput): Int8Array {
  const { keys, strata, current, seed } = input;
  const r = normalizeRatios(input.ratios);
  const n = keys.length;
  if (strata.length !== n) throw new RangeError(`strata has ${strata.length} entries for ${n} keys`);
  checkCurrent(current, n, 'keys');
  const out = Int8Array.from(current);
  if (n === 0) return out;

  const { ids, count: numStrata } = denseStrata(strata);
  // Per stratum: samples per existing split (3 slots) and new-sample offsets.
  const assigned = new Float64Array(numStrata * 3);
  const offsets = new Int32Array(numStrata + 1);
  for (let i = 0; i < n; i++) {
    const c = current[i]!;
    if (c < 0) offsets[ids[i]! + 1]!++;
    else assigned[ids[i]! * 3 + c]!++;
  }
  for (let s = 0; s < numStrata; s++) offsets[s + 1]! += offsets[s]!;
  const fresh = offsets[numStrata]!;
  if (fresh === 0) return out;

  // New samples bucketed by stratum (counting sort), with their hashes.
  const order = new Int32Array(fresh);
  const hashes = new Float64Array(fresh);
  const cursor = offsets.slice(0, numStrata);
  let largest = 0;
  for (let s = 0; s < numStrata; s++) largest = Math.max(largest, offsets[s + 1]! - offsets[s]!);
  for (let i = 0; i < n; i++) {
    if (current[i]! >= 0) continue;
    const p = cursor[ids[i]!]!++;
    order[p] = i;
    hashes[p] = hashKey(keys[i]!, seed);
  }

  const scratch = new Float64Array(largest);
  const local = new Int8Array(largest);
  for (let s = 0; s < numStrata; s++) {
    const start = offsets[s]!;
    const end = offsets[s + 1]!;
    const m = end - start;
    if (m === 0) continue;
    const base = s * 3;
    const placed = assigned[base]! + assigned[base + 1]! + assigned[base + 2]!;
    if (placed === 0) {
      const [t0, t1] = targetsFor(m, r);
      splitByRank(hashes.subarray(start, end), (j) => keys[order[start + j]!]!, t0, t0 + t1, local, scratch);
      for (let j = 0; j < m; j++) out[order[start + j]!] = local[j]!;
    } else {
      // Positions in the bucket, not sample indexes, so hash lookups stay local.
      const rel = Array.from({ length: m }, (_, j) => start + j);
      rel.sort((x, y) => compareHashKey(hashes[x]!, keys[order[x]!]!, hashes[y]!, keys[order[y]!]!));
      let total = placed;
      for (const p of rel) {
        const split = mostBehind(r, assigned, base, total, 1);
        assigned[base + split]!++;
        total++;
        out[order[p]!] = split;
      }
    }
  }
  return out;
}

/**
 * Maps stratum labels to 0..count-1. Class indexes are normally small and
 * dense and are used as they are; anything else (negative, huge) is
 * renumbered. Strata are processed independently, so the numbering does not
 * affect the result.
 */
function denseStrata(strata: Int32Array): { ids: Int32Array; count: number } {
  let min = 0;
  let max = -1;
  for (let i = 0; i < strata.length; i++) {
    const v = strata[i]!;
    if (i === 0 || v < min) min = v;
    if (i === 0 || v > max) max = v;
  }
  if (min >= 0 && max < Math.max(1024, strata.length)) return { ids: strata, count: max + 1 };
  const map = new Map<number, number>();
  const ids = new Int32Array(strata.length);
  for (let i = 0; i < strata.length; i++) {
    const v = strata[i]!;
    let id = map.get(v);
    if (id === undefined) map.set(v, (id = map.size));
    ids[i] = id;
  }
  return { ids, count: map.size };
}

export interface GroupAssignInput {
  /** One stable key per group; must be unique. */
  groupKeys: readonly string[];
  /** Samples per group. */
  groupSizes: Int32Array;
  /** Existing split per group, -1 for a new group; existing groups never move. */
  current: Int8Array;
  ratios: Ratios;
  seed: number;
}

/**
 * Assigns whole groups (a group never spans two splits) and returns the
 * split per group. Groups are the units but balance is measured in samples:
 * new groups, in ascending (hash, key) order, each go to the split with the
 * largest deficit `ratios[s] * (placed_samples + size) - count[s]`, where the
 * counts start from the groups already assigned. The first split is the same
 * rule starting from zero; it cannot be exact since groups are indivisible.
 */
export function assignGroups(input: GroupAssignInput): Int8Array {
  const { groupKeys, groupSizes, current, seed } = input;
  const r = normalizeRatios(input.ratios);
  const n = groupKeys.length;
  if (groupSizes.length !== n) throw new RangeError(`groupSizes has ${groupSizes.length} entries for ${n} groups`);
  checkCurrent(current, n, 'groups');
  const out = Int8Array.from(current);

  const counts = new Float64Array(3);
  let placed = 0;
  const fresh: number[] = [];
  for (let g = 0; g < n; g++) {
    const size = groupSizes[g]!;
    if (size < 0) throw new RangeError(`groupSizes[${g}] = ${size} is negative`);
    const c = current[g]!;
    if (c < 0) fresh.push(g);
    else {
      counts[c]! += size;
      placed += size;
    }
  }
  const hashes = new Float64Array(n);
  for (const g of fresh) hashes[g] = hashKey(groupKeys[g]!, seed);
  fresh.sort((x, y) => compareHashKey(hashes[x]!, groupKeys[x]!, hashes[y]!, groupKeys[y]!));
  for (const g of fresh) {
    const size = groupSizes[g]!;
    const split = mostBehind(r, counts, 0, placed, size);
    counts[split]! += size;
    placed += size;
    out[g] = split;
  }
  return out;
}

/**
 * Date split: time < cutoffs[0] → 0, < cutoffs[1] → 1, else 2; NaN (missing
 * or invalid date) → -1. Times and cutoffs share a unit (e.g. ms since epoch).
 */
export function assignByDate(times: Float64Array, cutoffs: readonly [number, number]): Int8Array {
  const [c0, c1] = cutoffs;
  if (Number.isNaN(c0) || Number.isNaN(c1) || c0 > c1) {
    throw new RangeError(`cutoffs must be ordered numbers, got [${c0}, ${c1}]`);
  }
  const out = new Int8Array(times.length);
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    out[i] = t < c0 ? 0 : t < c1 ? 1 : t >= c1 ? 2 : -1;
  }
  return out;
}

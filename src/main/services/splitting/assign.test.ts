import { describe, expect, it } from 'vitest';
import { createRng, hashKey } from '../../../shared/rng.ts';
import type { Rng } from '../../../shared/rng.ts';
import { assignByDate, assignGroups, assignSplits, targetCounts } from './assign.ts';
import type { Ratios } from './assign.ts';
import { compareHashKey, selectKth, splitByRank } from './select.ts';

const R: Ratios = [0.7, 0.15, 0.15];

function shuffle<T>(xs: T[], rng: Rng): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

interface Row {
  key: string;
  stratum: number;
  current: number;
}

function run(rows: readonly Row[], ratios: Ratios = R, seed = 7): Map<string, number> {
  const out = assignSplits({
    keys: rows.map((r) => r.key),
    strata: Int32Array.from(rows, (r) => r.stratum),
    current: Int8Array.from(rows, (r) => r.current),
    ratios,
    seed,
  });
  return new Map(rows.map((r, i) => [r.key, out[i]!]));
}

/** Classes of the given sizes, keys `c<class>-<i>`, all unassigned. */
function classes(sizes: readonly number[], prefix = ''): Row[] {
  return sizes.flatMap((size, c) => Array.from({ length: size }, (_, i) => ({ key: `${prefix}c${c}-${i}`, stratum: c, current: -1 })));
}

function countsBy(rows: readonly Row[], result: Map<string, number>, stratum: number): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (const r of rows) if (r.stratum === stratum) c[result.get(r.key)!]!++;
  return c;
}

describe('targetCounts', () => {
  it('rounds by largest remainder, sums to n and stays within 1 of ratio*n', () => {
    expect(targetCounts(10, R)).toEqual([7, 2, 1]); // 1.5 / 1.5 tie goes to validation before test
    expect(targetCounts(100, [0.8, 0.1, 0.1])).toEqual([80, 10, 10]);
    expect(targetCounts(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]); // remainders .5/.75/.75
    expect(targetCounts(0, R)).toEqual([0, 0, 0]);
    const rng = createRng(1);
    for (let k = 0; k < 2000; k++) {
      const a = rng.next();
      const b = rng.next() * (1 - a);
      const ratios: Ratios = [a, b, 1 - a - b];
      const n = rng.int(5000);
      const t = targetCounts(n, ratios);
      expect(t[0] + t[1] + t[2]).toBe(n);
      for (let s = 0; s < 3; s++) expect(Math.abs(t[s]! - ratios[s]! * n)).toBeLessThan(1);
    }
  });
  it('breaks remainder ties toward train, then validation', () => {
    const third: Ratios = [1 / 3, 1 / 3, 1 / 3];
    expect(targetCounts(1, third)).toEqual([1, 0, 0]);
    expect(targetCounts(2, third)).toEqual([1, 1, 0]);
    expect(targetCounts(1, [0.25, 0.5, 0.25])).toEqual([0, 1, 0]);
    expect(targetCounts(2, [0.25, 0.5, 0.25])).toEqual([1, 1, 0]);
  });
  it('never gives anything to a zero ratio', () => {
    for (let n = 0; n < 200; n++) {
      expect(targetCounts(n, [0.8, 0.2, 0])[2]).toBe(0);
      expect(targetCounts(n, [0, 0.5, 0.5])[0]).toBe(0);
      expect(targetCounts(n, [1, 0, 0])).toEqual([n, 0, 0]);
    }
  });
  it('rejects bad input', () => {
    expect(() => targetCounts(-1, R)).toThrow(RangeError);
    expect(() => targetCounts(1.5, R)).toThrow(RangeError);
    expect(() => targetCounts(10, [0.5, 0.5, 0.5])).toThrow(RangeError);
    expect(() => targetCounts(10, [1.2, -0.2, 0])).toThrow(RangeError);
    expect(() => targetCounts(10, [Number.NaN, 0.5, 0.5])).toThrow(RangeError);
  });
});

describe('selectKth', () => {
  it('puts the k-th smallest at k with smaller left and larger right', () => {
    const rng = createRng(2);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(trial < 200 ? 60 : 5000);
      // Alternate wide values, few distinct values (ties), sorted and reversed runs.
      const kind = trial % 4;
      const a = Float64Array.from({ length: n }, (_, i) =>
        kind === 0 ? rng.int(2 ** 30) : kind === 1 ? rng.int(3) : kind === 2 ? i : n - i,
      );
      const sorted = a.slice().sort();
      const k = rng.int(n);
      expect(selectKth(a, k)).toBe(sorted[k]);
      const misplaced = a.findIndex((x, i) => (i < k ? x > a[k]! : x < a[k]!));
      expect(misplaced).toBe(-1);
      expect(a.slice().sort()).toEqual(sorted);
    }
  });
  it('handles an all-equal array and rejects k out of range', () => {
    const a = new Float64Array(100_000).fill(5);
    expect(selectKth(a, 50_000)).toBe(5);
    expect(() => selectKth(a, 100_000)).toThrow(RangeError);
    expect(() => selectKth(new Float64Array(0), 0)).toThrow(RangeError);
  });
});

describe('splitByRank with hash ties', () => {
  it('matches a full (hash, key) sort when many hashes are equal', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 200; trial++) {
      const m = 1 + rng.int(80);
      // Hashes from a tiny range force ties right at the boundaries.
      const hashes = Float64Array.from({ length: m }, () => rng.int(4));
      const keys = Array.from({ length: m }, (_, i) => `k${(i * 7919) % 1009}-${i}`);
      const b0 = rng.int(m + 1);
      const b1 = b0 + rng.int(m - b0 + 1);
      const out = new Int8Array(m).fill(-1);
      splitByRank(hashes, (i) => keys[i]!, b0, b1, out);
      const ranked = keys.map((_, i) => i).sort((x, y) => compareHashKey(hashes[x]!, keys[x]!, hashes[y]!, keys[y]!));
      const expected = new Int8Array(m);
      ranked.forEach((i, rank) => (expected[i] = rank < b0 ? 0 : rank < b1 ? 1 : 2));
      expect(out).toEqual(expected);
    }
  });
  it('sorts equal hashes by key as a string, not by position', () => {
    const out = new Int8Array(4);
    splitByRank(new Float64Array([9, 9, 9, 9]), (i) => ['d', 'b', 'c', 'a'][i]!, 1, 3, out);
    expect(Array.from(out)).toEqual([2, 1, 1, 0]);
  });
});

describe('assignSplits: first split', () => {
  it('is exact per class and follows the hash order', () => {
    const rng = createRng(4);
    for (const ratios of [R, [0.8, 0.1, 0.1], [0.6, 0.2, 0.2], [1 / 3, 1 / 3, 1 / 3], [0.9, 0.1, 0]] as Ratios[]) {
      const sizes = Array.from({ length: 40 }, () => rng.int(rng.next() < 0.2 ? 3 : 400));
      const rows = classes(sizes);
      const seed = rng.int(1000);
      const result = run(shuffle(rows, rng), ratios, seed);
      sizes.forEach((size, c) => {
        const counts = countsBy(rows, result, c);
        expect(counts).toEqual(targetCounts(size, ratios));
        for (let s = 0; s < 3; s++) expect(Math.abs(counts[s]! - ratios[s]! * size)).toBeLessThan(1);
        const mine = rows.filter((r) => r.stratum === c).map((r) => r.key);
        mine.sort((a, b) => compareHashKey(hashKey(a, seed), a, hashKey(b, seed), b));
        const [t0, t1] = targetCounts(size, ratios);
        mine.forEach((key, rank) => expect(result.get(key)).toBe(rank < t0 ? 0 : rank < t0 + t1 ? 1 : 2));
      });
    }
  });
  it('handles empty input, one sample and two samples', () => {
    expect(assignSplits({ keys: [], strata: new Int32Array(0), current: new Int8Array(0), ratios: R, seed: 1 })).toEqual(new Int8Array(0));
    expect([...run(classes([1])).values()]).toEqual([0]);
    expect([...run(classes([1]), [0, 1, 0]).values()]).toEqual([1]);
    expect([...run(classes([2])).values()]).toEqual([0, 0]); // 1.4 / 0.3 / 0.3 rounds to 2 / 0 / 0
    expect([...run(classes([2]), [0.5, 0.5, 0]).values()].sort()).toEqual([0, 1]);
    expect([...run(classes([2]), [0, 0, 1]).values()]).toEqual([2, 2]);
  });
  it('accepts sparse and negative stratum labels', () => {
    const rows = classes([50, 60, 70]);
    const relabelled = rows.map((r) => ({ ...r, stratum: [-5, 2 ** 30, 17][r.stratum]! }));
    expect(run(relabelled)).toEqual(run(rows));
  });
  it('gives a different assignment for a different seed', () => {
    const rows = classes([1000]);
    const a = run(rows, R, 1);
    const b = run(rows, R, 2);
    const differing = rows.filter((r) => a.get(r.key) !== b.get(r.key)).length;
    expect(differing).toBeGreaterThan(200);
    expect(countsBy(rows, a, 0)).toEqual(countsBy(rows, b, 0));
  });
});

describe('assignSplits: growth', () => {
  it('never moves an assigned sample and pulls classes back toward target', () => {
    const rng = createRng(5);
    const sizes = Array.from({ length: 12 }, () => 1 + rng.int(300));
    let rows = classes(sizes, 'g0-');
    let result = run(rows);
    for (let step = 1; step <= 4; step++) {
      // Each step adds as many samples again per class, skewed in size, plus a brand-new class.
      const added = classes([...sizes.map((s) => s + rng.int(5)), 20 + step], `g${step}-`).map((r) =>
        r.stratum === sizes.length ? { ...r, stratum: sizes.length + step } : r,
      );
      const before = result;
      rows = [...rows.map((r) => ({ ...r, current: before.get(r.key)! })), ...added];
      result = run(shuffle(rows, rng));
      for (const [key, split] of before) expect(result.get(key)).toBe(split);
      for (const c of new Set(rows.map((r) => r.stratum))) {
        const counts = countsBy(rows, result, c);
        const n = counts[0] + counts[1] + counts[2];
        for (let s = 0; s < 3; s++) expect(Math.abs(counts[s]! - R[s]! * n)).toBeLessThanOrEqual(2);
      }
    }
  });
  it('sends each new sample, in hash order, to the split with the largest deficit', () => {
    const old = Array.from({ length: 10 }, (_, i) => ({ key: `old${i}`, stratum: 0, current: 0 }));
    const fresh = Array.from({ length: 4 }, (_, i) => ({ key: `new${i}`, stratum: 0, current: -1 }));
    const result = run([...old, ...fresh], R, 11);
    const order = fresh.map((r) => r.key).sort((a, b) => compareHashKey(hashKey(a, 11), a, hashKey(b, 11), b));
    // Deficits from 10/0/0: val (1.65 tie → lower index), test, val, test.
    expect(order.map((k) => result.get(k))).toEqual([1, 2, 1, 2]);
  });
  it('repairs a skewed class after a ratio change without touching it', () => {
    const skewed = classes([100]).map((r, i) => ({ ...r, current: i < 50 ? 0 : 2 }));
    const rows = [...skewed, ...classes([100], 'n-')];
    const result = run(rows, [0.8, 0.2, 0]);
    for (const r of skewed) expect(result.get(r.key)).toBe(r.current);
    // Nothing new lands in the zero-ratio test split; the rest is shared so that
    // train and validation end equally short (160 - 135 = 40 - 15).
    expect(countsBy(rows, result, 0)).toEqual([135, 15, 50]);
  });
});

describe('assignSplits: determinism', () => {
  it('depends on the set of rows, not their order', () => {
    const rng = createRng(6);
    const rows = classes([300, 5, 1, 0, 77, 120]).map((r) => ({ ...r, current: rng.next() < 0.4 && r.stratum !== 4 ? rng.int(3) : -1 }));
    const reference = run(rows);
    expect(run(rows)).toEqual(reference);
    for (let t = 0; t < 5; t++) expect(run(shuffle(rows, rng))).toEqual(reference);
  });
  it('rejects inconsistent input', () => {
    const ok = { keys: ['a', 'b'], strata: new Int32Array(2), current: new Int8Array([-1, -1]), ratios: R, seed: 1 };
    expect(() => assignSplits({ ...ok, strata: new Int32Array(3) })).toThrow(RangeError);
    expect(() => assignSplits({ ...ok, current: new Int8Array([-1]) })).toThrow(RangeError);
    expect(() => assignSplits({ ...ok, current: new Int8Array([3, -1]) })).toThrow(RangeError);
    expect(() => assignSplits({ ...ok, ratios: [0.5, 0.4, 0] })).toThrow(RangeError);
    expect(() => assignSplits({ ...ok, seed: 0.5 })).toThrow(RangeError);
  });
});

describe('zero ratios', () => {
  it('never puts a sample into a zero-ratio split, first or later', () => {
    const rng = createRng(7);
    for (const ratios of [[0.8, 0.2, 0], [0, 0.3, 0.7], [1, 0, 0], [0, 0, 1]] as Ratios[]) {
      const rows = classes(Array.from({ length: 20 }, () => rng.int(50)));
      const first = run(rows, ratios);
      const grown = [...rows.map((r) => ({ ...r, current: first.get(r.key)! })), ...classes([30, 1, 2], 'x-')];
      for (const result of [first, run(grown, ratios)]) {
        for (const split of result.values()) expect(ratios[split]).toBeGreaterThan(0);
      }
      const groups = assignGroups({
        groupKeys: Array.from({ length: 200 }, (_, i) => `grp${i}`),
        groupSizes: Int32Array.from({ length: 200 }, () => rng.int(6)),
        current: new Int8Array(200).fill(-1),
        ratios,
        seed: 3,
      });
      for (const split of groups) expect(ratios[split]).toBeGreaterThan(0);
    }
  });
});

describe('assignGroups', () => {
  const rng = createRng(8);
  const groupKeys = Array.from({ length: 2000 }, (_, i) => `patient-${i}`);
  const groupSizes = Int32Array.from(groupKeys, () => 1 + rng.int(10));
  const fresh = new Int8Array(groupKeys.length).fill(-1);

  it('keeps every group in one split and sample proportions near target', () => {
    const groups = assignGroups({ groupKeys, groupSizes, current: fresh, ratios: R, seed: 9 });
    // Expand to samples the way the service does, then check each group's samples.
    const samples = groupKeys.flatMap((g, i) => Array.from({ length: groupSizes[i]! }, (_, j) => ({ group: g, split: groups[i]!, id: `${g}/${j}` })));
    const splitsOf = new Map<string, Set<number>>();
    for (const s of samples) splitsOf.set(s.group, (splitsOf.get(s.group) ?? new Set()).add(s.split));
    for (const set of splitsOf.values()) expect(set.size).toBe(1);
    const counts = [0, 0, 0];
    for (const s of samples) counts[s.split]!++;
    for (let s = 0; s < 3; s++) expect(Math.abs(counts[s]! - R[s]! * samples.length)).toBeLessThanOrEqual(10);
  });
  it('never moves existing groups and rebalances with new ones', () => {
    const half = groupKeys.length / 2;
    const first = assignGroups({ groupKeys: groupKeys.slice(0, half), groupSizes: groupSizes.slice(0, half), current: fresh.slice(0, half), ratios: R, seed: 9 });
    // Skew the existing state: every tenth train group is recorded in test instead.
    const current = Int8Array.from(fresh, (_, i) => (i < half ? (i % 10 === 0 && first[i] === 0 ? 2 : first[i]!) : -1));
    const all = assignGroups({ groupKeys, groupSizes, current, ratios: R, seed: 9 });
    for (let i = 0; i < half; i++) expect(all[i]).toBe(current[i]);
    const counts = [0, 0, 0];
    groupSizes.forEach((size, i) => (counts[all[i]!]! += size));
    const total = counts[0]! + counts[1]! + counts[2]!;
    for (let s = 0; s < 3; s++) expect(Math.abs(counts[s]! - R[s]! * total)).toBeLessThanOrEqual(10);
  });
  it('does not depend on input order and handles tiny inputs', () => {
    const perm = shuffle(groupKeys.map((_, i) => i), rng);
    const base = assignGroups({ groupKeys, groupSizes, current: fresh, ratios: R, seed: 9 });
    const shuffled = assignGroups({ groupKeys: perm.map((i) => groupKeys[i]!), groupSizes: Int32Array.from(perm, (i) => groupSizes[i]!), current: fresh, ratios: R, seed: 9 });
    perm.forEach((i, j) => expect(shuffled[j]).toBe(base[i]));
    const one = { groupKeys: ['g'], groupSizes: new Int32Array([5]), current: new Int8Array([-1]), ratios: R, seed: 1 };
    expect(assignGroups(one)).toEqual(new Int8Array([0]));
    expect(assignGroups({ ...one, groupKeys: [], groupSizes: new Int32Array(0), current: new Int8Array(0) })).toEqual(new Int8Array(0));
    expect(() => assignGroups({ ...one, groupSizes: new Int32Array([-1]) })).toThrow(RangeError);
  });
});

describe('assignByDate', () => {
  it('splits on the cutoffs and leaves invalid dates unassigned', () => {
    const times = new Float64Array([0, 99, 100, 150, 200, 1e12, Number.NaN, -Infinity, Infinity]);
    expect(Array.from(assignByDate(times, [100, 200]))).toEqual([0, 0, 1, 1, 2, 2, -1, 0, 2]);
    // Equal cutoffs: no validation split.
    expect(Array.from(assignByDate(times, [100, 100]))).toEqual([0, 0, 2, 2, 2, 2, -1, 0, 2]);
    expect(assignByDate(new Float64Array(0), [1, 2])).toEqual(new Int8Array(0));
    expect(() => assignByDate(times, [200, 100])).toThrow(RangeError);
    expect(() => assignByDate(times, [Number.NaN, 100])).toThrow(RangeError);
  });
});

/**
 * Splits as a service: the saved settings per dataset, the first (exact)
 * split, placing new samples without moving old ones, and the report. The
 * assignment itself is pure (assign.ts); this file loads and stores it.
 */
import { SPLIT_NAMES, TrainyardError, type SplitConfig, type SplitReport } from '../../../shared/contract/index.ts';
import { noClassLabel } from '../datasets/stats.ts';
import type { Db } from '../project/db.ts';
import { assignByDate, assignGroups, assignSplits } from './assign.ts';

export function getSplitConfig(db: Db, datasetId: number): { config: SplitConfig; createdAt: string } | null {
  const row = db.get<{ config: string; created_at: string }>('SELECT config, created_at FROM split_configs WHERE dataset_id = ?', datasetId);
  return row ? { config: JSON.parse(row.config) as SplitConfig, createdAt: row.created_at } : null;
}

/** Settings compared field by field, so key order or a missing optional never counts as a change. */
export function sameConfig(a: SplitConfig, b: SplitConfig): boolean {
  return a.seed === b.seed && a.mode === b.mode && a.ratios.every((r, i) => Math.abs(r - b.ratios[i]!) < 1e-9)
    && (a.groupColumn ?? null) === (b.groupColumn ?? null) && (a.dateColumn ?? null) === (b.dateColumn ?? null)
    && JSON.stringify(a.cutoffs ?? null) === JSON.stringify(b.cutoffs ?? null);
}

interface Loaded {
  ids: Int32Array;
  keys: string[];
  labels: Array<number | null>;
  current: Int8Array;
}

function load(db: Db, datasetId: number): Loaded {
  const rows = db.all<{ id: number; key: string; label_id: number | null; split: number | null }>(
    'SELECT id, key, label_id, split FROM samples WHERE dataset_id = ?', datasetId,
  );
  const out: Loaded = { ids: new Int32Array(rows.length), keys: new Array<string>(rows.length), labels: new Array(rows.length), current: new Int8Array(rows.length) };
  rows.forEach((r, i) => {
    out.ids[i] = r.id;
    out.keys[i] = r.key;
    out.labels[i] = r.label_id;
    out.current[i] = r.split ?? -1;
  });
  return out;
}

function metaColumn(db: Db, datasetId: number, column: string): Map<number, string> {
  return new Map(
    db.all<{ id: number; value: string }>(
      'SELECT m.sample_id AS id, m.value FROM sample_meta m JOIN samples s ON s.id = m.sample_id WHERE s.dataset_id = ? AND m.key = ?',
      datasetId, column,
    ).map((r) => [r.id, r.value]),
  );
}

function store(db: Db, data: Loaded, next: Int8Array): number {
  const update = db.stmt('UPDATE samples SET split = ? WHERE id = ?');
  let changed = 0;
  for (let i = 0; i < next.length; i++) {
    if (next[i] === data.current[i]) continue;
    update.run(next[i]! < 0 ? null : next[i]!, data.ids[i]!);
    changed++;
  }
  return changed;
}

function assignGrouped(db: Db, datasetId: number, config: SplitConfig, data: Loaded): Int8Array {
  const values = metaColumn(db, datasetId, config.groupColumn!);
  const known = new Map(db.all<{ group_key: string; split: number }>('SELECT group_key, split FROM split_groups WHERE dataset_id = ?', datasetId).map((r) => [r.group_key, r.split]));
  // A sample without a group value is a group of its own.
  const groupOf = data.keys.map((k, i) => values.get(data.ids[i]!) ?? `\u0000sample:${k}`);
  const index = new Map<string, number>();
  const sizes: number[] = [];
  for (const g of groupOf) {
    const at = index.get(g);
    if (at === undefined) {
      index.set(g, sizes.length);
      sizes.push(1);
    } else sizes[at]!++;
  }
  const groupKeys = [...index.keys()];
  const current = Int8Array.from(groupKeys, (g) => known.get(g) ?? -1);
  const result = assignGroups({ groupKeys, groupSizes: Int32Array.from(sizes), current, ratios: config.ratios, seed: config.seed });
  const insert = db.stmt('INSERT OR IGNORE INTO split_groups (dataset_id, group_key, split) VALUES (?, ?, ?)');
  groupKeys.forEach((g, i) => {
    if (current[i] === -1) insert.run(datasetId, g, result[i]!);
  });
  return Int8Array.from(groupOf, (g, i) => (data.current[i]! >= 0 ? data.current[i]! : result[index.get(g)!]!));
}

function assignDated(db: Db, datasetId: number, config: SplitConfig, data: Loaded): Int8Array {
  const values = metaColumn(db, datasetId, config.dateColumn!);
  const times = Float64Array.from(data.ids, (id) => {
    const v = values.get(id);
    return v === undefined ? Number.NaN : Date.parse(v);
  });
  const cutoffs = [Date.parse(config.cutoffs![0]), Date.parse(config.cutoffs![1])] as const;
  const byDate = assignByDate(times, cutoffs);
  return Int8Array.from(byDate, (s, i) => (data.current[i]! >= 0 ? data.current[i]! : s));
}

function assignAll(db: Db, datasetId: number, config: SplitConfig): number {
  const data = load(db, datasetId);
  let next: Int8Array;
  if (config.mode === 'group') next = assignGrouped(db, datasetId, config, data);
  else if (config.mode === 'date') next = assignDated(db, datasetId, config, data);
  else {
    const strata = new Int32Array(data.labels.length);
    if (config.mode === 'stratified') {
      // Unlabeled samples form one stratum of their own.
      const index = new Map<number | null, number>();
      data.labels.forEach((l, i) => {
        let s = index.get(l);
        if (s === undefined) index.set(l, (s = index.size));
        strata[i] = s;
      });
    }
    next = assignSplits({ keys: data.keys, strata, current: data.current, ratios: config.ratios, seed: config.seed });
  }
  return store(db, data, next);
}

/** Places samples that have no split yet, when the dataset has split settings; nothing already placed moves. */
export function assignNewSamples(db: Db, datasetId: number): number {
  const saved = getSplitConfig(db, datasetId);
  if (!saved) return 0;
  if (!db.get('SELECT 1 FROM samples WHERE dataset_id = ? AND split IS NULL LIMIT 1', datasetId)) return 0;
  return db.tx(() => assignAll(db, datasetId, saved.config));
}

/**
 * Splits a dataset. With no saved settings, or `force`, every sample is
 * (re)assigned from scratch, exactly. With the saved settings, only new
 * samples are placed. Different settings without `force` are refused, because
 * re-splitting moves samples between train and test.
 */
export function createSplit(db: Db, datasetId: number, config: SplitConfig, force: boolean): SplitReport {
  const saved = getSplitConfig(db, datasetId);
  if (saved && !force && !sameConfig(saved.config, config)) {
    throw new TrainyardError(
      'conflict',
      `this dataset is already split (${saved.config.mode}, seed ${saved.config.seed}); a new split moves samples between splits: confirm with force (CLI: --force)`,
      { current: saved.config },
    );
  }
  db.tx(() => {
    if (!saved || force) {
      db.run('UPDATE samples SET split = NULL WHERE dataset_id = ? AND split IS NOT NULL', datasetId);
      db.run('DELETE FROM split_groups WHERE dataset_id = ?', datasetId);
      db.run(
        'INSERT INTO split_configs (dataset_id, config, created_at) VALUES (?, ?, ?) ON CONFLICT (dataset_id) DO UPDATE SET config = excluded.config, created_at = excluded.created_at',
        datasetId, JSON.stringify(config), new Date().toISOString(),
      );
    }
    assignAll(db, datasetId, config);
  });
  return splitReport(db, datasetId);
}

export function splitReport(db: Db, datasetId: number): SplitReport {
  const saved = getSplitConfig(db, datasetId);
  const rows = db.all<{ label: string | null; split: number | null; n: number }>(
    `SELECT c.name AS label, s.split, count(*) AS n FROM samples s LEFT JOIN classes c ON c.id = s.label_id
     WHERE s.dataset_id = ? GROUP BY s.label_id, s.split`,
    datasetId,
  );
  const counts: Record<string, Record<string, number>> = {};
  const none = noClassLabel(db, datasetId);
  const perSplit = [0, 0, 0];
  let unassigned = 0;
  let total = 0;
  for (const r of rows) {
    const label = r.label ?? none;
    const bucket = (counts[label] ??= { train: 0, validation: 0, test: 0 });
    total += r.n;
    if (r.split === null) {
      unassigned += r.n;
      continue;
    }
    bucket[SPLIT_NAMES[r.split]!] = (bucket[SPLIT_NAMES[r.split]!] ?? 0) + r.n;
    perSplit[r.split]! += r.n;
  }
  const warnings: string[] = [];
  if (saved) {
    const expected = saved.config.mode === 'date' ? [true, true, true] : saved.config.ratios.map((r) => r > 0);
    for (const [label, bySplit] of Object.entries(counts)) {
      if (label === none) continue;
      const missing = SPLIT_NAMES.filter((s, i) => expected[i] && (bySplit[s] ?? 0) === 0);
      if (missing.length) warnings.push(`class "${label}" has no samples in ${missing.join(' and ')}`);
    }
    if (unassigned > 0) {
      const why = saved.config.mode === 'date' ? ` (no valid date in column "${saved.config.dateColumn}")` : '';
      warnings.push(`${unassigned} sample(s) are in no split${why}`);
    }
  }
  const assigned = total - unassigned;
  const fractions = Object.fromEntries(SPLIT_NAMES.map((s, i) => [s, assigned ? perSplit[i]! / assigned : 0]));
  const groups = saved?.config.mode === 'group'
    ? (db.get<{ n: number }>('SELECT count(*) AS n FROM split_groups WHERE dataset_id = ?', datasetId)?.n ?? 0)
    : null;
  if (saved && groups !== null && SPLIT_NAMES.some((s, i) => Math.abs(fractions[s]! - saved.config.ratios[i]!) > 0.02)) {
    warnings.push(`whole groups move together, so ${groups} groups can only approximate the target ratios; more groups give closer splits`);
  }
  return { datasetId, config: saved?.config ?? null, createdAt: saved?.createdAt ?? null, counts, fractions, unassigned, warnings, groups };
}

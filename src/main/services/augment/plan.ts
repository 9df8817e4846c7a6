/**
 * Which variants each sample gets. A fixed number per sample, or class
 * balancing: each class is topped up to a target (n, or the largest class),
 * the extra copies spread over its samples in key order so the plan is
 * deterministic. Samples outside the recipe's classes get no variants.
 */
import path from 'node:path';
import type { Recipe } from '../../../shared/augment/recipe.ts';
import { SPLIT_NAMES, type SplitName } from '../../../shared/contract/index.ts';
import type { Db, Param } from '../project/db.ts';
import type { SourceRef } from './sample-io.ts';

export interface PlannedSample {
  source: SourceRef;
  label: string | null;
  split: SplitName | null;
  /** File name without extension, unique within the export. */
  stem: string;
  /** -1 is the original; 0.. are augmented variants. */
  variants: number[];
}

export interface PlanRequest {
  datasetId: number;
  recipe: Recipe;
  variants: number;
  splits: Array<SplitName | 'all'>;
  includeOriginals: boolean;
}

interface Row {
  key: string; rel_path: string | null; text: string | null; format: string | null; label: string | null; split: number | null; root: string | null;
}

function splitFilter(splits: Array<SplitName | 'all'>): { sql: string; params: Param[] } {
  if (splits.includes('all')) return { sql: '', params: [] };
  const codes = splits.map((s) => SPLIT_NAMES.indexOf(s as SplitName));
  return { sql: ` AND s.split IN (${codes.map(() => '?').join(',')})`, params: codes };
}

/** Extra copies per class for balancing: target minus what the class has (originals count). */
function balanceTargets(db: Db, req: PlanRequest, where: { sql: string; params: Param[] }): Map<string | null, { extra: number; count: number }> | null {
  const balance = req.recipe.balance;
  if (!balance || balance.mode === 'none') return null;
  const counts = db.all<{ label: string | null; n: number }>(
    `SELECT c.name AS label, count(*) AS n FROM samples s LEFT JOIN classes c ON c.id = s.label_id WHERE s.dataset_id = ?${where.sql} GROUP BY s.label_id`,
    req.datasetId, ...where.params,
  );
  const target = balance.mode === 'upTo' ? balance.n : Math.max(0, ...counts.filter((c) => c.label !== null).map((c) => c.n));
  return new Map(counts.map((c) => [c.label, { extra: c.label === null ? 0 : Math.max(0, target - c.n), count: c.n }]));
}

export function planVariants(db: Db, req: PlanRequest): { total: number; samples: () => Generator<PlannedSample> } {
  const where = splitFilter(req.splits);
  const total = db.get<{ n: number }>(`SELECT count(*) AS n FROM samples s WHERE s.dataset_id = ?${where.sql}`, req.datasetId, ...where.params)?.n ?? 0;
  const modality = db.get<{ modality: SourceRef['modality'] }>('SELECT modality FROM datasets WHERE id = ?', req.datasetId)!.modality;
  const only = req.recipe.classes?.length ? new Set(req.recipe.classes) : null;
  const balance = balanceTargets(db, req, where);
  function* samples(): Generator<PlannedSample> {
    const seenInClass = new Map<string | null, number>();
    const usedStems = new Set<string>();
    const stmt = db.stmt(
      `SELECT s.key, s.rel_path, s.text, s.format, c.name AS label, s.split, src.root FROM samples s
       LEFT JOIN classes c ON c.id = s.label_id LEFT JOIN sources src ON src.id = s.source_id
       WHERE s.dataset_id = ?${where.sql} ORDER BY s.key`,
    );
    for (const r of stmt.iterate(req.datasetId, ...where.params) as Iterable<Row>) {
      const variants: number[] = req.includeOriginals ? [-1] : [];
      const augmentable = !only || (r.label !== null && only.has(r.label));
      let k = augmentable ? req.variants : 0;
      if (balance && augmentable) {
        const b = balance.get(r.label) ?? { extra: 0, count: 1 };
        const rank = seenInClass.get(r.label) ?? 0;
        seenInClass.set(r.label, rank + 1);
        k = Math.floor(b.extra / b.count) + (rank < b.extra % b.count ? 1 : 0);
      }
      for (let v = 0; v < k; v++) variants.push(v);
      if (!variants.length) continue;
      const base = (r.rel_path ? path.posix.basename(r.rel_path, path.posix.extname(r.rel_path)) : r.key).replace(/[^\w.-]+/g, '_').slice(0, 80) || 'sample';
      let stem = base;
      for (let n = 2; usedStems.has(stem); n++) stem = `${base}_${n}`;
      usedStems.add(stem);
      yield {
        source: { key: r.key, modality, abs: r.rel_path && r.root ? path.join(r.root, r.rel_path) : null, text: r.text, format: r.format },
        label: r.label,
        split: r.split === null ? null : SPLIT_NAMES[r.split]!,
        stem,
        variants,
      };
    }
  }
  return { total, samples };
}

/** Counts per label and per split: the summary the CLI prints and the UI charts. */
import { SPLIT_NAMES, type Counts } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';
import { regressionOf } from './repo.ts';

export const UNLABELED = '(unlabeled)';
export const UNASSIGNED = 'unassigned';

/** What a sample without a class counts as: unlabeled, or in a regression table, a row whose target is a column. */
export function noClassLabel(db: Db, datasetId: number): string {
  const regression = regressionOf(db, datasetId);
  return regression ? `(regression on ${regression.target ?? 'its target'})` : UNLABELED;
}

export function datasetCounts(db: Db, datasetId: number): Counts {
  const none = noClassLabel(db, datasetId);
  const rows = db.all<{ label: string | null; split: number | null; n: number }>(
    `SELECT c.name AS label, s.split, count(*) AS n FROM samples s LEFT JOIN classes c ON c.id = s.label_id
     WHERE s.dataset_id = ? GROUP BY s.label_id, s.split`,
    datasetId,
  );
  const counts: Counts = { total: 0, labels: {}, splits: {} };
  for (const r of rows) {
    const label = r.label ?? none;
    const split = r.split === null ? UNASSIGNED : SPLIT_NAMES[r.split]!;
    counts.total += r.n;
    counts.labels[label] = (counts.labels[label] ?? 0) + r.n;
    const bucket = (counts.splits[split] ??= {});
    bucket[label] = (bucket[label] ?? 0) + r.n;
  }
  return counts;
}

/** Adds b into a (labels of different datasets with the same name add up). */
export function mergeCounts(a: Counts, b: Counts): Counts {
  a.total += b.total;
  for (const [k, v] of Object.entries(b.labels)) a.labels[k] = (a.labels[k] ?? 0) + v;
  for (const [split, labels] of Object.entries(b.splits)) {
    const bucket = (a.splits[split] ??= {});
    for (const [k, v] of Object.entries(labels)) bucket[k] = (bucket[k] ?? 0) + v;
  }
  return a;
}

/**
 * How the gallery lays out a tabular dataset: one line per row with the key,
 * the label (a class) or the target (a number), then the first columns. The
 * header and every row share one grid template so they line up.
 */
import type { DatasetColumn, MetaValue, SampleDetail, TabularTask } from '@shared/contract/index.ts';

export interface TableLayout {
  /** The label column's name, if any. */
  label: string | null;
  task: TabularTask | null;
  /** The columns shown after the key and the label, in file order. */
  shown: DatasetColumn[];
  /** CSS grid-template-columns for the header and the rows. */
  template: string;
}

/** Columns shown beside the key and the label. */
export const SHOWN_COLUMNS = 6;

export function tableLayout(columns: readonly DatasetColumn[], task: TabularTask | null, max = SHOWN_COLUMNS): TableLayout {
  const label = columns.find((c) => c.type === 'label')?.name ?? null;
  const shown = columns.filter((c) => c.type !== 'label' && c.type !== 'id').slice(0, max);
  const template = `minmax(90px, 1.2fr) minmax(80px, 1fr) ${shown.map((c) => (c.type === 'text' ? 'minmax(0, 2fr)' : 'minmax(0, 1fr)')).join(' ')} 44px`;
  return { label, task, shown, template };
}

/** A cell as shown: numbers as written, missing as an em dash. */
export function cellText(v: MetaValue | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  return String(v);
}

/** Every column of a sample with its type and value: the id is the key, a class label is the sample's label. */
export function rowCells(detail: SampleDetail, columns: readonly DatasetColumn[], task: TabularTask | null): Array<{ name: string; type: string; value: string }> {
  return columns.map((c) => {
    let v: MetaValue | undefined = detail.meta[c.name];
    if (c.type === 'id' && v === undefined) v = detail.key;
    if (c.type === 'label' && task === 'classification') v = detail.label;
    return { name: c.name, type: c.type, value: cellText(v) };
  });
}

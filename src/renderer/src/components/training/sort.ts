/** Sorting for the runs and trials tables: by any value, missing values always last, ties kept in their order. */

export type Dir = 'asc' | 'desc';
export type SortValue = number | string | null | undefined;

export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, dir: Dir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const missing = (v: SortValue): boolean => v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      const ma = missing(a.v);
      const mb = missing(b.v);
      if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c ? c * sign : a.i - b.i;
    })
    .map((x) => x.row);
}

/** Clicking a header: the same column flips, another starts in its natural direction. */
export function nextSort<K extends string>(current: { key: K; dir: Dir }, key: K, natural: Dir): { key: K; dir: Dir } {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: natural };
}

/** Statuses in the order an analyst scans them: what needs attention first. */
export const STATUS_ORDER: Record<string, number> = { running: 0, interrupted: 1, failed: 2, cancelled: 3, completed: 4 };

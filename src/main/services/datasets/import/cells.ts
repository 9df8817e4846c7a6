/** Cells of a manifest row as the importer reads them: trimmed text, and the columns kept as metadata. */
import type { MetaValue } from '../../../../shared/contract/index.ts';
import type { CellValue } from '../tabular.ts';

export function metaOf(record: Record<string, CellValue>, skip: Set<string>): Record<string, MetaValue> {
  const meta: Record<string, MetaValue> = {};
  for (const [k, v] of Object.entries(record)) if (!skip.has(k)) meta[k] = v;
  return meta;
}

export function cellText(v: CellValue | undefined): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

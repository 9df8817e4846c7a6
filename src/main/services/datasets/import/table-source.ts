/**
 * A manifest imported as a tabular dataset: one sample per row. Column types
 * come from the column-type step (proposed from the rows read ahead, the
 * user's overrides on top). The id column, if any, is the key; otherwise the
 * key is a hash of the row, so the same row gets the same key on any machine.
 * Classification labels become classes; a regression target stays in the
 * metadata with the other columns, and must be a number.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { TabularColumnType, TabularTask } from '../../../../shared/contract/index.ts';
import { proposeColumns, resolveColumns, type ResolvedColumns } from '../column-types.ts';
import { isMissing, parseDate, parseNumber } from '../../features/tabular-values.ts';
import type { CellValue, TableEvent } from '../tabular.ts';
import { cellText, metaOf } from './cells.ts';
import type { Candidate, Columns, OpenedSource } from './sources.ts';

/** Longest one-line summary kept in samples.text (what full-text search sees). */
const SUMMARY_CHARS = 300;

export interface TableRequest {
  file: string;
  /** Header names in file order. */
  columns: string[];
  /** Rows read ahead for the proposal (also in `ahead`). */
  sample: ReadonlyArray<Record<string, CellValue>>;
  /** Events already read from `reader`, replayed first. */
  ahead: TableEvent[];
  reader: AsyncGenerator<TableEvent>;
  /** Names of the label and id columns by convention. */
  conventions: Columns;
  columnTypes?: Record<string, TabularColumnType> | undefined;
  task?: TabularTask | undefined;
}

/** JSON of a row with its keys sorted: the same cells give the same text whatever the column order. */
export function canonicalJson(record: Record<string, CellValue>): string {
  return JSON.stringify(Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]])));
}

/** "col: value · col: value …" over the present cells, at most SUMMARY_CHARS long. */
export function rowSummary(record: Record<string, CellValue>, names: readonly string[]): string {
  const parts: string[] = [];
  for (const n of names) if (!isMissing(record[n])) parts.push(`${n}: ${cellText(record[n])}`);
  const s = parts.join(' · ').replace(/\s+/g, ' ');
  return s.length > SUMMARY_CHARS ? `${s.slice(0, SUMMARY_CHARS - 1)}…` : s;
}

/** Counts cells of numeric and date columns that are neither missing nor readable as their type. */
class TypeChecks {
  private readonly bad = new Map<string, { n: number; first: string }>();
  private readonly checks: Array<{ name: string; ok: (v: CellValue | undefined) => boolean }>;

  constructor(r: ResolvedColumns) {
    this.checks = r.columns.flatMap((c) => {
      if (c.type === 'numeric') return [{ name: c.name, ok: (v: CellValue | undefined) => parseNumber(v) !== null }];
      if (c.type === 'date') return [{ name: c.name, ok: (v: CellValue | undefined) => parseDate(v) !== null }];
      return [];
    });
  }

  see(record: Record<string, CellValue>): void {
    for (const { name, ok } of this.checks) {
      const v = record[name];
      if (isMissing(v) || ok(v)) continue;
      const b = this.bad.get(name);
      if (b) b.n++;
      else this.bad.set(name, { n: 1, first: cellText(v) });
    }
  }

  notes(r: ResolvedColumns): string[] {
    return [...this.bad].map(([name, b]) => {
      const type = r.columns.find((c) => c.name === name)!.type;
      return `column "${name}" (${type}): ${b.n} value(s) such as "${b.first}" are not ${type === 'date' ? 'dates' : 'numbers'}; training reads them as missing`;
    });
  }
}

export function openTable(req: TableRequest): Required<Pick<OpenedSource, 'items' | 'table'>> {
  const proposal = proposeColumns(req.columns, req.sample, { label: req.conventions.label, id: req.conventions.id });
  const r = resolveColumns(proposal, req.sample, req.columnTypes, req.task);
  const name = path.basename(req.file);
  const checks = new TypeChecks(r);
  const notes: string[] = [];
  if (!r.label) notes.push('no label column: rows are imported unlabeled (choose one with --column-types NAME=label)');
  // A forgotten --text-column makes a table of what was meant as text: where types were left to the guess, say so.
  const guessed = !Object.keys(req.columnTypes ?? {}).length;
  for (const c of guessed ? r.columns.filter((x) => x.type === 'text') : []) {
    notes.push(`column "${c.name}" holds free text: a table keeps it but does not train on it; to classify the text itself, import with --text-column ${c.name}`);
  }
  // The id is the key, and a class is the label: neither is repeated in the metadata.
  const skip = new Set([r.id, r.task === 'classification' ? r.label : null].filter((n): n is string => n !== null));
  const shown = req.columns.filter((n) => n !== r.id);

  async function* events(): AsyncGenerator<TableEvent> {
    yield* req.ahead;
    yield* req.reader;
  }

  async function* items(): AsyncGenerator<Candidate> {
    const seen = new Map<string, number>();
    for await (const ev of events()) {
      if (ev.kind === 'header') continue;
      const item = `${name}:${ev.line}`;
      if (ev.kind === 'error') {
        yield { kind: 'error', item, reason: ev.reason };
        continue;
      }
      const rec = ev.record;
      const made = rowCandidate(rec, ev.line, item);
      if (made.kind === 'error') {
        yield made;
        continue;
      }
      const prev = seen.get(made.key);
      if (prev !== undefined) {
        yield { kind: 'error', item, reason: r.id ? `duplicate id "${made.key}" (first on line ${prev})` : `duplicate row (same as line ${prev})` };
        continue;
      }
      seen.set(made.key, ev.line);
      checks.see(rec);
      yield made;
    }
    notes.push(...checks.notes(r));
  }

  function rowCandidate(rec: Record<string, CellValue>, line: number, item: string): Candidate {
    const id = r.id ? cellText(rec[r.id]) : '';
    if (r.id && !id) return { kind: 'error', item, reason: `empty id "${r.id}"` };
    let label: string | null = null;
    if (r.label && r.task === 'classification') label = isMissing(rec[r.label]) ? null : cellText(rec[r.label]);
    if (r.label && r.task === 'regression' && parseNumber(rec[r.label]) === null) {
      const v = rec[r.label];
      const what = isMissing(v) ? `is missing${v === undefined || v === null || cellText(v) === '' ? '' : ` ("${cellText(v)}")`}` : `"${cellText(v)}" is not a number`;
      return { kind: 'error', item, reason: `line ${line}: regression target "${r.label}" ${what}` };
    }
    const hash = createHash('sha256').update(canonicalJson(rec)).digest('hex');
    const key = r.id ? id : `row:${hash.slice(0, 20)}`;
    return { kind: 'text', item, key, text: rowSummary(rec, shown), hash, label, meta: metaOf(rec, skip) };
  }

  return { items: items(), table: { columns: r.columns, id: r.id, task: r.task, notes } };
}

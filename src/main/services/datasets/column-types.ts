/**
 * The column-type step of a tabular import: a proposal per column from a
 * sample of rows (the preprocessor's inferColumnTypes, plus the import's own
 * conventions: the label and id columns by name, one id at most, empty
 * columns ignored), the user's overrides on top, and the task. Pure: both
 * `import.inspect` and the importer call it on the same sample, so what the
 * step shows is what the import does.
 */
import {
  TrainyardError, type ColumnProposal, type DatasetColumn, type TabularColumnType, type TabularTask,
} from '../../../shared/contract/index.ts';
import { inferColumnTypes, isMissing, parseNumber } from '../features/tabular-values.ts';
import type { CellValue } from './tabular.ts';

/** Rows read to propose column types. */
export const SAMPLE_ROWS = 500;
const EXAMPLES = 5;
/** A label name no column has: asks inferColumnTypes for plain guesses only. */
const NO_LABEL = '\u0000';

export interface ProposalOptions {
  /** The label column's name by convention (`--label-column`, default `label`). */
  label: string;
  /** The id column's name by convention (`--id-column`, default `id`). */
  id: string;
}

/** Up to five distinct, non-missing values of a column, as text. */
function examplesOf(rows: readonly Record<string, CellValue>[], name: string): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    const v = r[name];
    if (!isMissing(v)) out.add(String(v).trim().slice(0, 80));
    if (out.size >= EXAMPLES) break;
  }
  return [...out];
}

/**
 * Whether a column can key the rows: present and different in (almost) every
 * sampled row. The few repeats or blanks that a named id column may have are
 * reported row by row by the import, not taken as a reason to drop the id.
 */
function keyLike(rows: readonly Record<string, CellValue>[], name: string): boolean {
  const seen = new Set<string>();
  let present = 0;
  for (const r of rows) {
    const v = r[name];
    if (isMissing(v)) continue;
    present++;
    seen.add(String(v).trim());
  }
  return present > 0 && present >= 0.9 * rows.length && seen.size >= 0.8 * present;
}

/**
 * Whether a column reads as numbers: at least 90 % of its present sampled
 * values (a typo among prices should not turn every price into a class).
 */
export function numericInSample(rows: readonly Record<string, CellValue>[], name: string): boolean {
  let present = 0;
  let numbers = 0;
  for (const r of rows) {
    const v = r[name];
    if (isMissing(v)) continue;
    present++;
    if (typeof v !== 'boolean' && parseNumber(v) !== null) numbers++;
  }
  return present > 0 && numbers >= 0.9 * present;
}

/**
 * Whether a label column holds a quantity to regress on rather than class
 * codes: (nearly) all numbers, and some with a fraction or more than 20
 * distinct values. 0/1 or 0–9 labels are classes.
 */
export function quantityInSample(rows: readonly Record<string, CellValue>[], name: string): boolean {
  if (!numericInSample(rows, name)) return false;
  const values = new Set<number>();
  for (const r of rows) {
    const n = typeof r[name] === 'boolean' ? null : parseNumber(r[name]);
    if (n === null) continue;
    if (!Number.isInteger(n)) return true;
    values.add(n);
  }
  return values.size > 20;
}

/**
 * A type per header column, in header order. The label is the column named
 * like `opts.label`, else the first named label, target, class or y; the id
 * is the column named like `opts.id` when its sampled values (nearly) all
 * differ, else
 * the first column guessed to be one; further id-like columns are ignored.
 */
export function proposeColumns(header: readonly string[], rows: readonly Record<string, CellValue>[], opts: ProposalOptions): ColumnProposal[] {
  const guesses = new Map(inferColumnTypes(rows, { label: NO_LABEL }).map((g) => [g.name, g]));
  const label = header.includes(opts.label) ? opts.label : inferColumnTypes(rows).find((g) => g.type === 'label')?.name;
  const namedId = header.includes(opts.id) && opts.id !== label && keyLike(rows, opts.id) ? opts.id : undefined;
  let idTaken = namedId !== undefined;
  return header.map((name) => {
    const examples = examplesOf(rows, name);
    const g = guesses.get(name);
    let type: TabularColumnType;
    let reason: string;
    if (name === label) [type, reason] = ['label', name === opts.label ? 'the label column' : 'named like a target column'];
    else if (name === namedId) [type, reason] = ['id', 'the id column: a key per row'];
    else if (!g || examples.length === 0) [type, reason] = ['ignore', 'no values in the sample'];
    else if (g.type === 'id' && idTaken) [type, reason] = ['ignore', `${g.reason}; another column is the id`];
    else [type, reason] = [g.type, g.reason];
    if (type === 'id') idTaken = true;
    return { name, type, reason, examples, quantity: quantityInSample(rows, name) };
  });
}

/** What a proposal becomes once the user's types are applied, and the task. */
export interface ResolvedColumns {
  columns: DatasetColumn[];
  label: string | null;
  id: string | null;
  task: TabularTask | null;
}

/**
 * Applies `overrides` (by column name) to the proposal. Explicit choices win:
 * a proposed label or id gives way to a chosen one (back to its plain guess,
 * or ignored). More than one label or id chosen, or a name the file lacks, is
 * an error. The task defaults to regression for a (mostly) numeric label
 * column and to classification otherwise; no label column, no task.
 */
export function resolveColumns(
  proposal: readonly ColumnProposal[],
  rows: readonly Record<string, CellValue>[],
  overrides: Readonly<Record<string, TabularColumnType>> = {},
  task?: TabularTask,
): ResolvedColumns {
  const names = proposal.map((p) => p.name);
  const unknown = Object.keys(overrides).filter((n) => !names.includes(n));
  if (unknown.length) {
    throw new TrainyardError('invalid_input', `column types name ${unknown.map((n) => `"${n}"`).join(', ')}, which the file does not have; its columns are: ${names.join(', ')}`);
  }
  for (const role of ['label', 'id'] as const) {
    const chosen = Object.keys(overrides).filter((n) => overrides[n] === role);
    if (chosen.length > 1) throw new TrainyardError('invalid_input', `only one column can be the ${role}; chosen: ${chosen.join(', ')}`);
  }
  const chose = (role: TabularColumnType): boolean => Object.values(overrides).includes(role);
  const plain = new Map(inferColumnTypes(rows, { label: NO_LABEL }).map((g) => [g.name, g.type]));
  // Own properties only: a column named "constructor" is a column, not Object.prototype's.
  const override = (name: string): TabularColumnType | undefined => (Object.hasOwn(overrides, name) ? overrides[name] : undefined);
  const columns = proposal.map((p, position): DatasetColumn => {
    let type = override(p.name) ?? p.type;
    if (override(p.name) === undefined && (type === 'label' || type === 'id') && chose(type)) {
      const guess = plain.get(p.name) ?? 'ignore';
      type = guess === 'label' || guess === 'id' ? 'ignore' : guess;
    }
    return { name: p.name, position, type };
  });
  const label = columns.find((c) => c.type === 'label')?.name ?? null;
  const id = columns.find((c) => c.type === 'id')?.name ?? null;
  if (task && !label) throw new TrainyardError('invalid_input', `a ${task} task needs a label column (e.g. --column-types "price=label")`);
  const resolved = label === null ? null : task ?? (quantityInSample(rows, label) ? 'regression' : 'classification');
  return { columns, label, id, task: resolved };
}

/** The task the proposal implies: what an import without overrides would use. */
export function suggestedTask(proposal: readonly ColumnProposal[], rows: readonly Record<string, CellValue>[]): TabularTask | null {
  return resolveColumns(proposal, rows).task;
}

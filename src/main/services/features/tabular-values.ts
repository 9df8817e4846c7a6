/**
 * Reading table cells for the tabular preprocessor: numbers, ISO-like dates,
 * missing markers, the calendar arithmetic behind date features, and the
 * column-type proposal the import's column step starts from.
 */
import type { ColumnType } from '../../../shared/features/spec.ts';
import type { CellValue } from '../datasets/tabular.ts';

/** Cells that mean "no value" in the CSVs people export (compared trimmed, case-insensitively). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
/** YYYY-MM-DD or YYYY/MM/DD, optionally a time and a zone (ignored: dates are taken as written). */
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2})?)?$/i;

export function isMissing(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && MISSING.has(v.trim().toLowerCase())) || (typeof v === 'number' && !Number.isFinite(v));
}

/** A finite number, or null when the cell is missing or not a number. */
export function parseNumber(v: CellValue | undefined): number | null {
  if (isMissing(v)) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = v!.trim();
  return NUMBER.test(s) ? Number(s) : null;
}

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A calendar date from an ISO-like string, or null (impossible dates such as 2023-02-29 included). */
export function parseDate(v: CellValue | undefined): CivilDate | null {
  if (typeof v !== 'string' || isMissing(v)) return null;
  const m = DATE.exec(v.trim());
  if (!m) return null;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil): no Date, no time zone. */
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Monday 0 … Sunday 6 (1970-01-01 was a Thursday). */
export function dayOfWeek(d: CivilDate): number {
  return (((daysFromCivil(d) + 3) % 7) + 7) % 7;
}

/** The category a cell stands for: its trimmed text, `<missing>` when missing. */
export function categoryOf(v: CellValue | undefined): string {
  return isMissing(v) ? '<missing>' : String(v).trim();
}

export interface ColumnGuess {
  name: string;
  type: ColumnType;
  /** One line for the column-type step: why this type was proposed. */
  reason: string;
}

export interface InferOptions {
  /** The target column; default: the first named label, target, class or y. */
  label?: string;
  /** String columns with at most this many distinct values (and at most half the rows) are categorical. */
  maxCategories?: number;
}

const LABEL_NAMES = /^(label|target|class|y)$/i;

function codeLike(name: string): boolean {
  return /(^|[_\-. ])(zip|zipcode|postal|postcode|plz|area_?code|code)$/i.test(name) || /[a-z](Zip|Code)$/.test(name);
}

function idLike(name: string): boolean {
  return /^(id|key|uuid|guid|index)$/i.test(name) || /[_\-. ](id|key|uuid|guid)$/i.test(name) || /[a-z](Id|ID)$/.test(name);
}

/**
 * Proposes a type per column from a sample of rows (a few hundred is plenty):
 * ISO-like dates; numbers; ids (present and different in every row, with an
 * id-like name, or short single-word strings); small-cardinality strings as
 * categorical; the rest as text. Columns come in the order of the first row,
 * then any later ones.
 */
export function inferColumnTypes(rows: readonly Record<string, CellValue>[], opts: InferOptions = {}): ColumnGuess[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) names.push(k);
      seen.add(k);
    }
  }
  const label = opts.label ?? names.find((n) => LABEL_NAMES.test(n));
  const maxCategories = opts.maxCategories ?? 50;
  return names.map((name) => (name === label ? { name, type: 'label', reason: opts.label ? 'chosen as the target' : 'named like a target column' } : guess(name, rows, maxCategories)));
}

function guess(name: string, rows: readonly Record<string, CellValue>[], maxCategories: number): ColumnGuess {
  const values = rows.map((r) => r[name]).filter((v) => !isMissing(v)) as CellValue[];
  const n = values.length;
  if (n === 0) return { name, type: 'id', reason: 'no values in the sample: not used' };
  const distinct = new Set(values.map((v) => String(v).trim())).size;
  const uniqueInEveryRow = n === rows.length && distinct === n && n > 1;
  if (values.every((v) => parseDate(v) !== null)) return { name, type: 'date', reason: 'every value is an ISO-like date' };
  if (values.every((v) => typeof v !== 'boolean' && parseNumber(v) !== null)) {
    const integers = values.every((v) => Number.isInteger(parseNumber(v)));
    if (integers && uniqueInEveryRow && idLike(name)) return { name, type: 'id', reason: 'integers, different in every row, named like an id' };
    // Zip, postal and area codes are numbers that name places: their size means nothing.
    if (integers && codeLike(name) && distinct <= maxCategories) return { name, type: 'categorical', reason: `${distinct} distinct codes (numbers that name categories)` };
    return { name, type: 'numeric', reason: 'every value is a number' };
  }
  const strings = values.map((v) => String(v).trim());
  const meanLength = strings.reduce((a, s) => a + s.length, 0) / n;
  const spaced = strings.filter((s) => /\s/.test(s)).length / n;
  if (uniqueInEveryRow && (idLike(name) || (spaced === 0 && meanLength <= 40))) return { name, type: 'id', reason: 'different in every row' };
  if (distinct <= maxCategories && distinct <= Math.max(2, n / 2)) return { name, type: 'categorical', reason: `${distinct} distinct values` };
  if (spaced >= 0.5 || meanLength > 30) return { name, type: 'text', reason: 'free text (many distinct values with spaces)' };
  return { name, type: 'categorical', reason: `${distinct} distinct short values (rare ones go to the unknown bucket)` };
}

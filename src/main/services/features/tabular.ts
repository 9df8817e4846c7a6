/**
 * Tabular preprocessing: a row (a record, or one CSV line read by column
 * position) → a fixed vector of numbers. Numeric columns are standardised
 * with the train mean and std (a missing value becomes the mean, plus a 0/1
 * indicator); categorical ones are one-hot with an `<unknown>` bucket for
 * rare and unseen values; dates give the calendar features chosen in the
 * config. The label column becomes a class index or a (standardised) number.
 */
import type { DatePart, FittedColumn, TabularFeatures, TabularState } from '../../../shared/features/spec.ts';
import type { CellValue } from '../datasets/tabular.ts';
import { RunningStats } from './running-stats.ts';
import { categoryOf, dayOfWeek, daysInMonth, parseDate, parseNumber, type CivilDate } from './tabular-values.ts';

/** A row keyed by column name, or one CSV line with the columns in config order. */
export type TabularRaw = Record<string, CellValue> | string;

const UNKNOWN = '<unknown>';
const PART_NAMES: Record<DatePart, string> = { dayOfWeek: 'dow', dayOfMonth: 'dom', month: 'month', year: 'year' };

/** Splits one CSV line (RFC 4180 quoting, `""` inside quotes) into fields. */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch !== '\r' && ch !== '\n') field += ch;
  }
  fields.push(field);
  return fields;
}

/** A CSV line → a record by the config's column order; absent trailing fields are missing. */
export function csvRowToRecord(config: TabularFeatures, line: string, delimiter = ','): Record<string, CellValue> {
  const fields = splitCsvLine(line, delimiter);
  if (fields.length > config.columns.length) throw new Error(`CSV row has ${fields.length} fields, the model expects ${config.columns.length} (${config.columns.map((c) => c.name).join(', ')})`);
  return Object.fromEntries(config.columns.map((c, i) => [c.name, fields[i] ?? null]));
}

function recordOf(config: TabularFeatures, raw: TabularRaw): Record<string, CellValue> {
  return typeof raw === 'string' ? csvRowToRecord(config, raw) : raw;
}

function labelColumn(config: TabularFeatures): string | null {
  const names = new Set<string>();
  for (const c of config.columns) {
    if (names.has(c.name)) throw new RangeError(`tabular config names column ${JSON.stringify(c.name)} twice`);
    names.add(c.name);
  }
  const labels = config.columns.filter((c) => c.type === 'label');
  if (labels.length > 1) throw new RangeError(`tabular config has ${labels.length} label columns (${labels.map((c) => c.name).join(', ')}); one is the target`);
  return labels[0]?.name ?? null;
}

function mostFrequent(counts: Map<string, number>, min: number, max: number): string[] {
  return [...counts]
    .filter(([, n]) => n >= min)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([v]) => v);
}

export function featureNamesOf(config: TabularFeatures, fitted: FittedColumn[]): string[] {
  const names: string[] = [];
  for (const col of fitted) {
    if (col.type === 'numeric') names.push(col.name);
    else if (col.type === 'categorical') names.push(...col.categories.map((v) => `${col.name}=${v}`), `${col.name}=${UNKNOWN}`);
    else {
      for (const part of config.dateParts) {
        const p = PART_NAMES[part];
        if (part !== 'year' && config.cyclical) names.push(`${col.name}.${p}_sin`, `${col.name}.${p}_cos`);
        else names.push(`${col.name}.${p}`);
      }
    }
    if (col.type !== 'categorical' && config.missingIndicator) names.push(`${col.name}.missing`);
  }
  return names;
}

export async function fitTabular(config: TabularFeatures, raws: AsyncIterable<TabularRaw> | Iterable<TabularRaw>): Promise<TabularState> {
  const label = labelColumn(config);
  const cols = config.columns.filter((c) => c.type === 'numeric' || c.type === 'categorical' || c.type === 'date');
  // One statistics slot per numeric or date column (the date's year); the last one is a regression target's.
  const stats = new RunningStats(cols.length + 1);
  const missing = new Array<number>(cols.length).fill(0);
  const categories = cols.map(() => new Map<string, number>());
  const classes = new Set<string>();
  let rows = 0;
  for await (const raw of raws) {
    const r = recordOf(config, raw);
    rows++;
    cols.forEach((c, i) => {
      if (c.type === 'categorical') {
        const v = categoryOf(r[c.name]);
        categories[i]!.set(v, (categories[i]!.get(v) ?? 0) + 1);
        return;
      }
      const x = c.type === 'numeric' ? parseNumber(r[c.name]) : (parseDate(r[c.name])?.year ?? null);
      if (x === null) missing[i]!++;
      else stats.push(i, x);
    });
    if (label === null) continue;
    if (config.task === 'classification') {
      const y = categoryOf(r[label]);
      if (y !== '<missing>') classes.add(y);
    } else {
      const y = parseNumber(r[label]);
      if (y !== null) stats.push(cols.length, y);
    }
  }
  const fitted: FittedColumn[] = cols.map((c, i) => {
    if (c.type === 'categorical') return { name: c.name, type: 'categorical', categories: mostFrequent(categories[i]!, config.minCategoryCount, config.maxCategories) };
    if (c.type === 'numeric') return { name: c.name, type: 'numeric', mean: stats.mean[i]!, std: stats.std(i), missing: missing[i]! };
    return { name: c.name, type: 'date', yearMean: stats.mean[i]!, yearStd: stats.std(i), missing: missing[i]! };
  });
  const target: TabularState['target'] = label === null ? null
    : config.task === 'classification' ? { task: 'classification', column: label, classes: [...classes].sort() }
    : config.standardizeTarget ? { task: 'regression', column: label, mean: stats.mean[cols.length]!, std: stats.std(cols.length) }
    : { task: 'regression', column: label, mean: 0, std: 1 };
  return { modality: 'tabular', config, fitted, featureNames: featureNamesOf(config, fitted), target, rows };
}

function writeDate(config: TabularFeatures, col: Extract<FittedColumn, { type: 'date' }>, d: CivilDate | null, out: Float64Array, at: number): number {
  let o = at;
  for (const part of config.dateParts) {
    if (part === 'year') {
      out[o++] = d ? (d.year - col.yearMean) / col.yearStd : 0;
      continue;
    }
    // Position in the cycle as a fraction: Monday 0, the 1st 0, January 0; a month's days span its own length.
    const frac = !d ? 0 : part === 'dayOfWeek' ? dayOfWeek(d) / 7 : part === 'dayOfMonth' ? (d.day - 1) / daysInMonth(d.year, d.month) : (d.month - 1) / 12;
    if (config.cyclical) {
      out[o++] = d ? Math.sin(2 * Math.PI * frac) : 0;
      out[o++] = d ? Math.cos(2 * Math.PI * frac) : 0;
    } else {
      out[o++] = !d ? 0 : part === 'dayOfWeek' ? dayOfWeek(d) / 6 : part === 'dayOfMonth' ? (d.day - 1) / 30 : (d.month - 1) / 11;
    }
  }
  return o;
}

const catIndexes = new WeakMap<TabularState, Map<string, number>[]>();

function categoryIndexes(state: TabularState): Map<string, number>[] {
  let m = catIndexes.get(state);
  if (!m) catIndexes.set(state, (m = state.fitted.map((c) => new Map(c.type === 'categorical' ? c.categories.map((v, i) => [v, i]) : []))));
  return m;
}

/** A batch of rows → Float32 [N, features], in the order of state.featureNames. */
export function transformTabular(state: TabularState, raws: readonly TabularRaw[]): { data: Float32Array; shape: number[] } {
  const F = state.featureNames.length;
  const { config } = state;
  const data = new Float32Array(raws.length * F);
  const row = new Float64Array(F);
  const indexes = categoryIndexes(state);
  raws.forEach((raw, n) => {
    const r = recordOf(config, raw);
    row.fill(0);
    let o = 0;
    state.fitted.forEach((col, i) => {
      if (col.type === 'categorical') {
        const j = indexes[i]!.get(categoryOf(r[col.name]));
        row[o + (j ?? col.categories.length)] = 1;
        o += col.categories.length + 1;
        return;
      }
      let absent: boolean;
      if (col.type === 'numeric') {
        const x = parseNumber(r[col.name]);
        absent = x === null;
        // A missing value is the train mean, which standardises to exactly 0.
        row[o++] = absent ? 0 : (x! - col.mean) / col.std;
      } else {
        const d = parseDate(r[col.name]);
        absent = d === null;
        o = writeDate(config, col, d, row, o);
      }
      if (config.missingIndicator) row[o++] = absent ? 1 : 0;
    });
    data.set(row, n * F);
  });
  return { data, shape: [raws.length, F] };
}

/**
 * The target of each row: classification → Int32 class index (throws for a
 * class the train split did not have, or a missing label); regression →
 * Float32 (y − mean) / std.
 */
export function transformTargets(state: TabularState, raws: readonly TabularRaw[]): { data: Int32Array | Float32Array; shape: number[]; dtype: 'int32' | 'float32' } {
  const t = state.target;
  if (!t) throw new RangeError('this tabular preprocessing has no label column');
  const records = raws.map((raw) => recordOf(state.config, raw));
  if (t.task === 'classification') {
    const index = new Map(t.classes.map((c, i) => [c, i]));
    const data = Int32Array.from(records, (r, i) => {
      const j = index.get(categoryOf(r[t.column]));
      if (j === undefined) throw new RangeError(`row ${i}: label ${JSON.stringify(r[t.column])} is not one of the train classes (${t.classes.join(', ')})`);
      return j;
    });
    return { data, shape: [records.length], dtype: 'int32' };
  }
  const data = Float32Array.from(records, (r, i) => {
    const y = parseNumber(r[t.column]);
    if (y === null) throw new RangeError(`row ${i}: target ${JSON.stringify(r[t.column])} is not a number`);
    return (y - t.mean) / t.std;
  });
  return { data, shape: [records.length], dtype: 'float32' };
}

/** Regression: model outputs back to the target's units. */
export function inverseTarget(state: TabularState, values: ArrayLike<number>): number[] {
  const t = state.target;
  if (t?.task !== 'regression') throw new RangeError('inverseTarget is for regression targets');
  return Array.from(values, (v) => v * t.std + t.mean);
}

/**
 * The column-type step's rules, apart from its template: which sources get
 * the step, the types it starts from, one label and one id at most, and the
 * task a label column suggests.
 */
import { TabularColumnType, type InspectResult, type TabularTask } from '@shared/contract/index.ts';

export type ColumnTypes = Record<string, TabularColumnType>;

export const COLUMN_TYPES: readonly TabularColumnType[] = TabularColumnType.options;

/** What each type does, for the select's options. */
export const TYPE_HELP: Record<TabularColumnType, string> = {
  numeric: 'a number (standardised for training)',
  categorical: 'one of a few values (one-hot)',
  date: 'a calendar date (day, month, year features)',
  text: 'free text (kept, not a feature)',
  id: 'the key of each row (one column at most)',
  label: 'what to predict (one column at most)',
  ignore: 'kept as metadata, not used',
};

/** Whether a source names a file the column step can read (the extensions the importer takes as tables). */
export function isTableFile(source: string): boolean {
  return /\.(csv|tsv|tab|txt|jsonl|ndjson|json-lines)$/i.test(source.trim());
}

export function initialTypes(r: InspectResult): ColumnTypes {
  return Object.fromEntries(r.columns.map((c) => [c.name, c.type]));
}

/**
 * Sets one column's type. Picking `label` or `id` for a column takes that role
 * from any other column, which becomes `ignore`; `moved` names it so the step can say so.
 */
export function withType(types: ColumnTypes, name: string, type: TabularColumnType): { types: ColumnTypes; moved: string | null } {
  const next = { ...types, [name]: type };
  let moved: string | null = null;
  if (type === 'label' || type === 'id') {
    for (const [other, t] of Object.entries(next)) {
      if (other !== name && t === type) {
        next[other] = 'ignore';
        moved = other;
      }
    }
  }
  return { types: next, moved };
}

export function labelOf(types: ColumnTypes): string | null {
  return Object.keys(types).find((n) => types[n] === 'label') ?? null;
}

/**
 * Regression for a label column that holds a quantity, classification otherwise; none without a label.
 * The server judged each column on the whole sample (fractions, distinct values; the same rule gives its
 * suggestedTask for the proposed label), so 0/1 class codes stay classes.
 */
export function defaultTask(r: InspectResult, types: ColumnTypes): TabularTask | null {
  const label = labelOf(types);
  if (label === null) return null;
  return r.columns.find((c) => c.name === label)?.quantity ? 'regression' : 'classification';
}

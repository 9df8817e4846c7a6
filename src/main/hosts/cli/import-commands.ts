/** `trainyard import` and `trainyard inspect` (the column-type step of a table, before importing it). */
import path from 'node:path';
import {
  TabularColumnType, TabularTask, TrainyardError, type Client, type ImportSummary, type Input, type InspectResult,
} from '../../../shared/contract/index.ts';
import type { Command } from './commands.ts';
import { countsTable, errorList } from './format.ts';
import { followJob, jobError, resolveDir } from './support.ts';

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const TYPES = TabularColumnType.options.join(', ');

async function open(api: Client, dir: string | undefined): Promise<void> {
  await api.call('project.open', { dir: resolveDir(dir) });
}

/** `price=label,zip=categorical` → {price: 'label', zip: 'categorical'}; the last `=` splits, so names may hold one. */
export function parseColumnTypes(v: string): Record<string, TabularColumnType> {
  const out: Record<string, TabularColumnType> = {};
  for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf('=');
    const name = part.slice(0, eq).trim();
    const type = TabularColumnType.safeParse(part.slice(eq + 1).trim());
    if (eq < 1 || !name) throw new TrainyardError('invalid_input', `--column-types takes NAME=TYPE pairs separated by commas, got "${part}"`);
    if (!type.success) throw new TrainyardError('invalid_input', `--column-types: "${part.slice(eq + 1).trim()}" (for ${name}) is not a column type; use one of ${TYPES}`);
    out[name] = type.data;
  }
  return out;
}

/** The flags `import` and `inspect` share: modality and the names of conventional columns. */
const SOURCE_OPTIONS = {
  modality: { type: 'string' }, 'text-column': { type: 'string' }, 'label-column': { type: 'string' },
  'id-column': { type: 'string' }, 'path-column': { type: 'string' },
} as const;

function sourceInput(values: Record<string, string | boolean | undefined>): Pick<Input<'import.start'>, 'columns' | 'modality'> {
  const columns: Record<string, string> = {};
  for (const c of ['text', 'label', 'id', 'path']) {
    const v = str(values[`${c}-column`]);
    if (v) columns[c] = v;
  }
  return { columns, ...(str(values.modality) ? { modality: str(values.modality) as Input<'import.start'>['modality'] } : {}) };
}

/** Columns as an aligned table: name, type, reason, examples. */
export function proposalTable(r: InspectResult): string {
  const rows = r.columns.map((c) => [c.name, c.type, c.reason, c.examples.join(', ')]);
  const head = ['name', 'type', 'reason', 'examples'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => Math.min(48, row[i]!.length))));
  const cut = (s: string, w: number): string => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  const line = (row: string[]): string => row.map((v, i) => (i === row.length - 1 ? cut(v, 60) : cut(v, widths[i]!).padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function columnsLine(columns: NonNullable<ImportSummary['columns']>): string {
  return columns.map((c) => `${c.name} (${c.type})`).join(', ');
}

export const importCommands: Record<string, Command> = {
  import: {
    summary: 'import images, text, audio or a table from a folder or a CSV/TSV/JSONL manifest',
    help: `trainyard import DIR SOURCE [options]

SOURCE is a folder (one sub-folder per class, files at the top are unlabeled)
or a CSV/TSV/JSONL manifest. Manifest paths are relative to the manifest's folder.
A manifest with neither a text nor a path column is a table (modality tabular):
one sample per row, each column typed (see trainyard inspect).
Re-importing is idempotent: unchanged files and rows are skipped, changed ones updated.

  --dataset NAME        dataset to import into (default: images, text, audio or table)
  --modality M          image | text | audio | tabular (default: guessed)
  --text-column C       column with the text (default: text)
  --label-column C      column with the label (default: label)
  --id-column C         column with a unique id (default: id)
  --path-column C       column with the media path (default: path)
  --root DIR            folder manifest paths must stay inside (default: the manifest's folder)
  --column-types LIST   tables: NAME=TYPE pairs overriding the proposed types, e.g.
                        "price=label,zip=categorical,sold=date,notes=ignore"
                        (types: ${TYPES}; one label at most, one id at most)
  --task T              tables: classification (the label's values are classes) or regression
                        (a number); default: regression when the label column is numeric
  --json                print one JSON object: total, labels, splits, imported, skipped, errors
                        (and for tables: columns, task)`,
    options: { ...SOURCE_OPTIONS, dataset: { type: 'string' }, root: { type: 'string' }, 'column-types': { type: 'string' }, task: { type: 'string' } },
    async run({ api, values, positionals, io, json }) {
      await open(api, positionals[0]);
      const source = resolveDir(positionals[1], 'SOURCE (a folder or a manifest file)');
      const input: Input<'import.start'> = { source, ...sourceInput(values) };
      if (str(values.dataset)) input.dataset = str(values.dataset)!;
      if (str(values.root)) input.root = resolveDir(str(values.root));
      if (str(values['column-types'])) input.columnTypes = parseColumnTypes(str(values['column-types'])!);
      if (str(values.task)) {
        const task = TabularTask.safeParse(str(values.task));
        if (!task.success) throw new TrainyardError('invalid_input', `--task takes classification or regression, got "${str(values.task)}"`);
        input.task = task.data;
      }
      const { jobId } = await api.call('import.start', input);
      const job = await followJob(api, jobId);
      if (job.status === 'failed') throw jobError(job);
      const s = job.result as ImportSummary;
      if (!json) {
        io.out(`${s.dataset}: ${s.imported} imported, ${s.updated} updated, ${s.skipped} unchanged, ${s.errors.length} errors${s.cancelled ? ' (cancelled)' : ''}`);
        if (s.columns) io.out(`columns: ${columnsLine(s.columns)}\ntask: ${s.task ?? 'none (no label column)'}`);
        for (const w of s.warnings.slice(0, 20)) io.out(`warning: ${w}`);
        if (s.errors.length) io.out(`errors:\n${errorList(s.errors)}`);
        io.out(countsTable(s));
      }
      return s;
    },
  },

  inspect: {
    summary: 'propose column types for a CSV/TSV/JSONL file before importing it',
    help: `trainyard inspect DIR SOURCE [options]

Reads the first 500 rows of SOURCE and prints what an import would make of it:
the modality and, per column, the proposed type (${TYPES}),
why, and a few example values. Nothing is imported. Override types on import
with --column-types NAME=TYPE,...

  --modality M          image | text | audio | tabular (default: guessed)
  --label-column C      column taken as the label (default: label, target, class or y)
  --id-column C         column taken as the id (default: id)
  --text-column C, --path-column C   as for import (they decide the modality)
  --json                print one JSON object: format, encoding, modality, rowsSampled,
                        columns [{name, type, reason, examples}], suggestedTask`,
    options: SOURCE_OPTIONS,
    async run({ api, values, positionals, io, json }) {
      await open(api, positionals[0]);
      const source = resolveDir(positionals[1], 'SOURCE (a CSV, TSV or JSONL file)');
      const r = await api.call('import.inspect', { source, ...sourceInput(values) });
      if (!json) {
        io.out(`${path.basename(source)}: ${r.format}, ${r.encoding}, ${r.rowsSampled} rows sampled → ${r.modality}`);
        io.out(proposalTable(r));
        if (r.modality === 'tabular') {
          io.out(r.suggestedTask ? `task: ${r.suggestedTask} (change with --task)` : 'no label column: rows import unlabeled (choose one with --column-types NAME=label)');
        }
      }
      return r;
    },
  },
};

/** The CLI commands: each parses its flags, calls the contract and prints. */
import type { ParseArgsConfig } from 'node:util';
import { TrainyardError, type Client, type ExportSummary, type Input, type SplitConfig } from '../../../shared/contract/index.ts';
import type { AppContext } from '../../core/context.ts';
import { countsTable, errorList } from './format.ts';
import { augmentCommands } from './augment-commands.ts';
import { importCommands } from './import-commands.ts';
import { trainCommands } from './train-commands.ts';
import { followJob, jobError, resolveDir, type Io } from './support.ts';
import { runUi } from './ui-command.ts';

export interface RunArgs {
  api: Client;
  ctx: AppContext;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: Io;
  json: boolean;
}

export interface Command {
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(a: RunArgs): Promise<unknown>;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

async function open(api: Client, dir: string | undefined): Promise<string> {
  const abs = resolveDir(dir);
  await api.call('project.open', { dir: abs });
  return abs;
}

async function datasetIds(api: Client, name: string | undefined): Promise<Array<{ id: number; name: string }>> {
  const all = await api.call('datasets.list', {});
  if (!name) return all;
  const one = all.filter((d) => d.name === name);
  if (!one.length) throw new TrainyardError('not_found', `no dataset "${name}"; this project has: ${all.map((d) => d.name).join(', ') || 'none'}`);
  return one;
}

function parseRatios(v: string | undefined): [number, number, number] {
  const parts = (v ?? '0.8,0.1,0.1').split(',').map((x) => Number(x.trim()));
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) throw new TrainyardError('invalid_input', `--ratios takes three numbers like 0.8,0.1,0.1, got "${v}"`);
  return parts as [number, number, number];
}

export const commands: Record<string, Command> = {
  new: {
    summary: 'create a project folder',
    help: 'trainyard new DIR [--name NAME]\n\nCreates a project: DIR/trainyard.db (SQLite) and DIR/cache/. Media stay where they are.',
    options: { name: { type: 'string' } },
    async run({ api, values, positionals, io, json }) {
      const info = await api.call('project.create', { dir: resolveDir(positionals[0]), ...(str(values.name) ? { name: str(values.name)! } : {}) });
      if (!json) io.out(`created project "${info.name}" in ${info.dir}`);
      return info;
    },
  },

  ...importCommands,

  split: {
    summary: 'split datasets into train/validation/test, reproducibly',
    help: `trainyard split DIR [options]

  --seed N              seed of the split (default 42)
  --ratios A,B,C        train, validation, test fractions (default 0.8,0.1,0.1)
  --stratify            keep each class's proportions in every split
  --group-column C      keep samples with the same value of C in one split (e.g. speaker)
  --date-column C --cutoffs D1,D2   before D1 → train, before D2 → validation, rest → test
  --dataset NAME        only this dataset (default: all)
  --force               re-split a dataset already split with other settings (moves samples)

Running it again with the same settings only places new samples; nothing moves.`,
    options: {
      seed: { type: 'string' }, ratios: { type: 'string' }, stratify: { type: 'boolean' }, 'group-column': { type: 'string' },
      'date-column': { type: 'string' }, cutoffs: { type: 'string' }, dataset: { type: 'string' }, force: { type: 'boolean' },
    },
    async run({ api, values, positionals, io, json }) {
      await open(api, positionals[0]);
      const seed = Number(str(values.seed) ?? 42);
      if (!Number.isSafeInteger(seed) || seed < 0) throw new TrainyardError('invalid_input', `--seed takes a non-negative integer, got "${str(values.seed)}"`);
      const config: SplitConfig = { seed, ratios: parseRatios(str(values.ratios)), mode: values.stratify ? 'stratified' : 'random' };
      if (str(values['group-column'])) Object.assign(config, { mode: 'group', groupColumn: str(values['group-column']) });
      if (str(values['date-column'])) {
        const cutoffs = (str(values.cutoffs) ?? '').split(',').map((s) => s.trim());
        if (cutoffs.length !== 2) throw new TrainyardError('invalid_input', '--date-column needs --cutoffs D1,D2 (e.g. 2024-01-01,2024-06-01)');
        Object.assign(config, { mode: 'date', dateColumn: str(values['date-column']), cutoffs });
      }
      const reports: Record<string, unknown> = {};
      for (const d of await datasetIds(api, str(values.dataset))) {
        const report = await api.call('splits.create', { datasetId: d.id, config, force: values.force === true });
        reports[d.name] = report;
        if (!json) {
          io.out(`${d.name}: split ${report.config?.mode} with seed ${report.config?.seed}`);
          for (const w of report.warnings) io.out(`  warning: ${w}`);
        }
      }
      const stats = await api.call('stats.get', str(values.dataset) ? { dataset: str(values.dataset)! } : {});
      if (!json) io.out(countsTable(stats));
      return { ...stats, reports };
    },
  },

  stats: {
    summary: 'counts per label and split',
    help: 'trainyard stats DIR [--dataset NAME] [--json]',
    options: { dataset: { type: 'string' } },
    async run({ api, values, positionals, io, json }) {
      await open(api, positionals[0]);
      const stats = await api.call('stats.get', str(values.dataset) ? { dataset: str(values.dataset)! } : {});
      if (!json) {
        for (const [name, c] of Object.entries(stats.datasets)) io.out(`${name}\n${countsTable(c)}\n`);
        if (!Object.keys(stats.datasets).length) io.out('no datasets yet: trainyard import DIR SOURCE');
      }
      return stats;
    },
  },

  export: {
    summary: 'write the labeled, split manifest (and copies of the media)',
    help: `trainyard export DIR --out OUT [--format csv|jsonl|imagefolder] [--dataset NAME] [--overwrite]

csv, jsonl: one row per sample: dataset, key, path (absolute) or text, label, split, metadata columns.
  OUT ending in .csv/.jsonl is the file; otherwise a folder with manifest.csv/jsonl.
imagefolder: copies the media into OUT/split/label/ with a manifest.csv of relative paths.`,
    options: { out: { type: 'string' }, format: { type: 'string' }, dataset: { type: 'string' }, overwrite: { type: 'boolean' } },
    async run({ api, values, positionals, io, json }) {
      await open(api, positionals[0]);
      const out = resolveDir(str(values.out), '--out');
      const format = (str(values.format) ?? 'csv') as Input<'export.start'>['format'];
      const { jobId } = await api.call('export.start', { out, format, overwrite: values.overwrite === true, ...(str(values.dataset) ? { dataset: str(values.dataset)! } : {}) });
      const job = await followJob(api, jobId);
      if (job.status !== 'completed') throw jobError(job);
      const s = job.result as ExportSummary;
      if (!json) {
        io.out(`wrote ${s.rows} rows${s.files ? ` and ${s.files} files` : ''} to ${s.out}`);
        if (s.errors.length) io.out(`errors:\n${errorList(s.errors)}`);
      }
      return s;
    },
  },

  ...augmentCommands,
  ...trainCommands,

  ui: {
    summary: 'serve the studio as a local web app on 127.0.0.1',
    help: `trainyard ui [DIR] [--port N]

Serves the studio and its services on http://127.0.0.1:PORT/ with a per-launch token.
Without DIR it opens the bundled sample project (built on first use).`,
    options: { port: { type: 'string' } },
    run: (a) => runUi(a),
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    'trainyard — label, split and export datasets (images, text, audio)',
    '',
    'usage: trainyard <command> [options]   (trainyard help <command> for details)',
    '',
    ...Object.entries(commands).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --json for one machine-readable JSON object on stdout.',
  ].join('\n');
}

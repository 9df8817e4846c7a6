/**
 * Exports the labeled, split manifest (CSV or JSONL, one row per sample with
 * its key, path or text, label, split and metadata), and for `imagefolder`
 * copies the media into `split/label/`. Written to a temporary sibling and
 * renamed at the end, so an interrupted export never looks complete.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { SPLIT_NAMES, TrainyardError, type ExportSummary, type ItemError, type MetaValue } from '../../../shared/contract/index.ts';
import type { JobHandle } from '../../core/jobs.ts';
import type { Db } from '../project/db.ts';
import { datasetByName, listDatasets, type DatasetRow } from './repo.ts';
import { UNLABELED } from './stats.ts';

export type ExportFormat = 'csv' | 'jsonl' | 'imagefolder';

export interface ExportRequest {
  out: string;
  format: ExportFormat;
  dataset?: string | undefined;
  overwrite: boolean;
}

interface ExportRow {
  dataset: string;
  key: string;
  path: string | null;
  text: string | null;
  label: string | null;
  split: string | null;
  meta: Record<string, MetaValue>;
}

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Folder-safe name for a class: what a file system accepts on every OS. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what file systems refuse
  const cleaned = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '');
  return cleaned || '_';
}

function pickDatasets(db: Db, req: ExportRequest): DatasetRow[] {
  if (req.dataset) return [datasetByName(db, req.dataset)];
  const all = listDatasets(db);
  if (!all.length) throw new TrainyardError('invalid_input', 'this project has no datasets to export');
  if (req.format === 'imagefolder') {
    const media = all.filter((d) => d.modality !== 'text');
    if (media.length !== 1) throw new TrainyardError('invalid_input', `imagefolder exports one image or audio dataset: choose one with --dataset (${all.map((d) => d.name).join(', ')})`);
    return media.map((d) => ({ id: d.id, name: d.name, modality: d.modality }));
  }
  return all.map((d) => ({ id: d.id, name: d.name, modality: d.modality }));
}

function* rows(db: Db, datasets: DatasetRow[]): Generator<ExportRow & { abs: string | null }> {
  for (const d of datasets) {
    const stmt = db.stmt(
      `SELECT s.key, s.rel_path, s.text, c.name AS label, s.split, s.meta, src.root FROM samples s
       LEFT JOIN classes c ON c.id = s.label_id LEFT JOIN sources src ON src.id = s.source_id WHERE s.dataset_id = ? ORDER BY s.key`,
    );
    for (const r of stmt.iterate(d.id) as Iterable<{ key: string; rel_path: string | null; text: string | null; label: string | null; split: number | null; meta: string; root: string | null }>) {
      const abs = r.rel_path && r.root ? path.join(r.root, r.rel_path) : null;
      yield {
        dataset: d.name, key: r.key, path: abs, text: r.text, label: r.label,
        split: r.split === null ? null : SPLIT_NAMES[r.split]!, meta: JSON.parse(r.meta) as Record<string, MetaValue>, abs,
      };
    }
  }
}

function metaColumns(db: Db, datasets: DatasetRow[]): string[] {
  const keys = new Set<string>();
  for (const d of datasets) for (const r of db.all<{ key: string }>('SELECT key FROM meta_columns WHERE dataset_id = ? ORDER BY key', d.id)) keys.add(r.key);
  return [...keys];
}

export async function runExport(db: Db, job: JobHandle, req: ExportRequest): Promise<ExportSummary> {
  const datasets = pickDatasets(db, req);
  const out = path.resolve(req.out);
  const singleFile = req.format !== 'imagefolder' && /\.(csv|jsonl)$/i.test(out);
  if (fs.existsSync(out) && !req.overwrite) throw new TrainyardError('conflict', `${out} exists; choose another --out or pass --overwrite`);
  const tmp = `${out}.partial-${process.pid}`;
  await fsp.rm(tmp, { recursive: true, force: true });
  const total = datasets.reduce((n, d) => n + (db.get<{ n: number }>('SELECT count(*) AS n FROM samples WHERE dataset_id = ?', d.id)?.n ?? 0), 0);
  const meta = metaColumns(db, datasets);
  const manifestName = singleFile ? path.basename(out) : `manifest.${req.format === 'jsonl' ? 'jsonl' : 'csv'}`;
  if (!singleFile) await fsp.mkdir(tmp, { recursive: true });
  const manifestTmp = singleFile ? tmp : path.join(tmp, manifestName);
  const stream = fs.createWriteStream(manifestTmp);
  const write = (line: string): Promise<void> | void => (stream.write(line) ? undefined : new Promise((r) => stream.once('drain', () => r())));
  const header = ['dataset', 'key', 'path', 'text', 'label', 'split', ...meta];
  if (req.format !== 'jsonl') await write(header.map(csvField).join(',') + '\n');
  const errors: ItemError[] = [];
  const used = new Set<string>();
  let n = 0;
  let files = 0;
  try {
    for (const r of rows(db, datasets)) {
      if (job.signal.aborted) throw new TrainyardError('cancelled', 'export cancelled');
      let outPath = r.path;
      if (req.format === 'imagefolder' && r.abs) {
        const rel = copyTarget(r, used);
        try {
          await fsp.mkdir(path.join(tmp, path.dirname(rel)), { recursive: true });
          await fsp.copyFile(r.abs, path.join(tmp, rel));
          files++;
          outPath = rel;
        } catch (err) {
          errors.push({ item: r.key, reason: `cannot copy ${r.abs}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
          outPath = null;
        }
      }
      const row = { dataset: r.dataset, key: r.key, path: outPath, text: r.text, label: r.label, split: r.split, ...Object.fromEntries(meta.map((k) => [k, r.meta[k] ?? null])) };
      await write(req.format === 'jsonl' ? JSON.stringify(row) + '\n' : header.map((h) => csvField((row as Record<string, unknown>)[h])).join(',') + '\n');
      n++;
      job.progress(n, total, errors.length);
    }
    await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (req.overwrite) await fsp.rm(out, { recursive: true, force: true });
    await fsp.rename(tmp, out);
  } catch (err) {
    stream.destroy();
    await fsp.rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return { out, format: req.format, rows: n, files, manifest: singleFile ? out : path.join(out, manifestName), errors };
}

/** `split/label/file`, unique: a clashing basename gets a short hash of its key. */
function copyTarget(r: ExportRow & { abs: string | null }, used: Set<string>): string {
  const dir = `${r.split ?? 'unassigned'}/${safeName(r.label ?? UNLABELED)}`;
  const base = path.basename(r.abs ?? r.key);
  let rel = `${dir}/${base}`;
  if (used.has(rel)) {
    const ext = path.extname(base);
    rel = `${dir}/${base.slice(0, base.length - ext.length)}-${createHash('sha1').update(r.key).digest('hex').slice(0, 8)}${ext}`;
  }
  used.add(rel);
  return rel;
}

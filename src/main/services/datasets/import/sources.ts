/**
 * Turns an import source (a folder or a CSV/TSV/JSONL manifest) into a
 * stream of candidates: files to decode, texts to store, or per-item errors.
 * Nothing here touches the database; keys are derived only from the source's
 * content and layout, never from row order, so the same data gives the same
 * keys (and so the same splits) on any machine.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  TrainyardError, type DatasetColumn, type MetaValue, type Modality, type TabularColumnType, type TabularTask,
} from '../../../../shared/contract/index.ts';
import { SAMPLE_ROWS } from '../column-types.ts';
import { AUDIO_EXTENSIONS, AUDIO_UNSUPPORTED, IMAGE_EXTENSIONS } from '../media/limits.ts';
import { formatFromPath, readTable, type CellValue, type TableEvent } from '../tabular.ts';
import { cellText, metaOf } from './cells.ts';
import { openTable } from './table-source.ts';
import { walkFolder } from './walk.ts';

export interface Columns {
  text: string;
  label: string;
  id: string;
  path: string;
}

export type Candidate =
  | { kind: 'file'; item: string; abs: string; rel: string; key: string; label: string | null; meta: Record<string, MetaValue> }
  | { kind: 'text'; item: string; key: string; text: string; hash: string; label: string | null; meta: Record<string, MetaValue> }
  | { kind: 'error'; item: string; reason: string };

export interface OpenedSource {
  kind: 'folder' | 'manifest';
  /** Absolute folder that media paths are relative to. */
  root: string;
  /** Stable name of the root (its folder name): the prefix of file keys. */
  rootName: string;
  modality: Modality;
  /** Expected number of items, when known up front (for progress and ETA). */
  total: number | null;
  warnings: string[];
  items: AsyncGenerator<Candidate>;
  /** Tabular sources: the columns with their final types and the task; `notes` fills up while the items are read. */
  table?: { columns: DatasetColumn[]; id: string | null; task: TabularTask | null; notes: string[] };
}

export interface OpenOptions {
  modality?: Modality | undefined;
  columns: Columns;
  /** For manifests: the folder paths must stay inside (default: the manifest's folder). */
  root?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Tabular: types overriding the proposed ones, by column name. */
  columnTypes?: Record<string, TabularColumnType> | undefined;
  /** Tabular: classification or regression (default: from the label column). */
  task?: TabularTask | undefined;
}

export function modalityOfExtension(ext: string): Modality | null {
  const e = ext.toLowerCase();
  if (IMAGE_EXTENSIONS.has(e)) return 'image';
  if (AUDIO_EXTENSIONS.has(e) || AUDIO_UNSUPPORTED.has(e)) return 'audio';
  return null;
}

export function toPosix(rel: string): string {
  return rel.split(path.sep).join('/');
}

export async function openSource(source: string, opts: OpenOptions): Promise<OpenedSource> {
  const abs = path.resolve(source);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new TrainyardError('not_found', `import source not found: ${abs}`);
  }
  if (stat.isDirectory()) return openFolder(abs, opts);
  if (!formatFromPath(abs)) throw new TrainyardError('invalid_input', `${abs}: import a folder or a .csv, .tsv or .jsonl manifest`);
  return openManifest(abs, opts);
}

async function openFolder(root: string, opts: OpenOptions): Promise<OpenedSource> {
  const realRoot = fs.realpathSync(root);
  const walked = await walkFolder(realRoot, opts.signal);
  const counts = { image: 0, audio: 0 };
  for (const f of walked.files) {
    const m = modalityOfExtension(path.extname(f));
    if (m === 'image' || m === 'audio') counts[m]++;
  }
  const modality = opts.modality ?? (counts.audio > counts.image ? 'audio' : counts.image > 0 ? 'image' : null);
  if (!modality) throw new TrainyardError('invalid_input', `${root} holds no images or audio files (text datasets are imported from a CSV, TSV or JSONL file)`);
  if (modality === 'text' || modality === 'tabular') throw new TrainyardError('invalid_input', `${modality} is imported from a CSV, TSV or JSONL file, not a folder`);
  const rootName = path.basename(realRoot);
  const files = walked.files.filter((f) => modalityOfExtension(path.extname(f)) === modality);
  const ignored = walked.files.length - files.length;
  async function* items(): AsyncGenerator<Candidate> {
    for (const e of walked.errors) yield { kind: 'error', item: e.item, reason: e.reason };
    for (const rel of files) {
      const parts = rel.split('/');
      // ImageFolder: the first folder is the class; files at the top are unlabeled.
      const label = parts.length > 1 ? parts[0]! : null;
      yield { kind: 'file', item: rel, abs: path.join(realRoot, rel), rel, key: `${rootName}/${rel}`, label, meta: {} };
    }
  }
  const warnings = ignored ? [`${ignored} file(s) that are not ${modality} were ignored`] : [];
  return { kind: 'folder', root: realRoot, rootName, modality, total: files.length + walked.errors.length, warnings, items: items() };
}

/** Counts lines fast (bytes only) so a manifest import can show an ETA. */
async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** Where a manifest path points, or why it may not be used. */
export function resolveManifestPath(root: string, p: string): { abs: string; rel: string } | { reason: string } {
  if (!p) return { reason: 'empty path' };
  if (p.includes('\0')) return { reason: 'path contains a NUL byte' };
  if (path.isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p)) return { reason: `absolute paths are not allowed in a manifest: ${p}` };
  const abs = path.resolve(root, p);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { reason: `path escapes the source folder: ${p}` };
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return { reason: `file not found: ${p}` };
  }
  const realRel = path.relative(root, real);
  if (realRel.startsWith('..') || path.isAbsolute(realRel)) return { reason: `path links outside the source folder: ${p}` };
  return { abs: real, rel: toPosix(rel) };
}

async function openManifest(file: string, opts: OpenOptions): Promise<OpenedSource> {
  const root = fs.realpathSync(opts.root ? path.resolve(opts.root) : path.dirname(file));
  const rel = path.relative(root, file);
  if (rel.startsWith('..')) throw new TrainyardError('invalid_input', `the manifest ${file} is not inside the source root ${root}`);
  const reader = readTable(file, opts.signal ? { signal: opts.signal } : {});
  const first = await reader.next();
  if (first.done || first.value.kind !== 'header') throw new TrainyardError('invalid_input', `${file}: no header row`);
  const columns = first.value.columns;
  const { columns: c } = opts;
  const has = (name: string): boolean => columns.includes(name);
  const warnings: string[] = [];
  if (first.value.encoding === 'windows-1252') warnings.push(`${path.basename(file)} is not UTF-8; read it as Latin-1 (windows-1252)`);
  // Rows read ahead to guess the modality (and propose column types) are replayed before the rest.
  const ahead: TableEvent[] = [];
  const tableOptions = opts.columnTypes !== undefined || opts.task !== undefined;
  let modality = opts.modality ?? (tableOptions ? 'tabular' : undefined);
  if (!modality) modality = guessModality(columns, await readAhead(reader, ahead), c);
  const rootName = path.basename(root);
  const total = Math.max(0, (await countLines(file)) - 1);
  if (modality === 'tabular') {
    const sample = await readAhead(reader, ahead);
    const table = openTable({ file, columns, sample, ahead, reader, conventions: c, columnTypes: opts.columnTypes, task: opts.task });
    return { kind: 'manifest', root, rootName, modality, total, warnings, ...table };
  }
  if (tableOptions) throw new TrainyardError('invalid_input', `column types and a task are for tabular imports, not ${modality} (--modality tabular)`);
  const needed = modality === 'text' ? c.text : c.path;
  if (!has(needed)) {
    throw new TrainyardError('invalid_input', `${path.basename(file)} has no "${needed}" column; its columns are: ${columns.join(', ')} (use --${modality === 'text' ? 'text' : 'path'}-column)`);
  }
  if (!has(c.label)) warnings.push(`no "${c.label}" column: rows are imported unlabeled`);
  const skip = new Set([c.label, c.id, modality === 'text' ? c.text : c.path]);
  const hasId = has(c.id);
  const mode = modality;

  async function* events(): AsyncGenerator<TableEvent> {
    yield* ahead;
    yield* reader;
  }

  async function* items(): AsyncGenerator<Candidate> {
    const seen = new Map<string, number>();
    for await (const ev of events()) {
      if (ev.kind === 'header') continue;
      const item = `${path.basename(file)}:${ev.line}`;
      if (ev.kind === 'error') {
        yield { kind: 'error', item, reason: ev.reason };
        continue;
      }
      const rec = ev.record;
      const label = cellText(rec[c.label]) || null;
      const meta = metaOf(rec, skip);
      const id = hasId ? cellText(rec[c.id]) : '';
      if (hasId && !id) {
        yield { kind: 'error', item, reason: `empty "${c.id}"` };
        continue;
      }
      if (mode === 'text') {
        const text = cellText(rec[c.text]);
        if (!text) {
          yield { kind: 'error', item, reason: `empty "${c.text}"` };
          continue;
        }
        const hash = createHash('sha256').update(text).digest('hex');
        const key = hasId ? id : `text:${hash.slice(0, 20)}`;
        const prev = seen.get(key);
        if (prev !== undefined) {
          yield { kind: 'error', item, reason: hasId ? `duplicate id "${id}" (first on line ${prev})` : `duplicate text (same as line ${prev})` };
          continue;
        }
        seen.set(key, ev.line);
        yield { kind: 'text', item, key, text, hash, label, meta };
        continue;
      }
      const target = resolveManifestPath(root, cellText(rec[c.path]));
      if ('reason' in target) {
        yield { kind: 'error', item, reason: target.reason };
        continue;
      }
      const key = hasId ? id : `${rootName}/${target.rel}`;
      const prev = seen.get(key);
      if (prev !== undefined) {
        yield { kind: 'error', item, reason: hasId ? `duplicate id "${id}" (first on line ${prev})` : `duplicate path ${target.rel} (first on line ${prev})` };
        continue;
      }
      seen.set(key, ev.line);
      yield { kind: 'file', item: target.rel, abs: target.abs, rel: target.rel, key, label, meta };
    }
  }
  return { kind: 'manifest', root, rootName, modality, total, warnings, items: items() };
}

/**
 * Reads rows ahead (errors included, replayed later) until `ahead` holds
 * SAMPLE_ROWS rows or the file ends; returns the rows read ahead so far.
 */
export async function readAhead(reader: AsyncGenerator<TableEvent>, ahead: TableEvent[]): Promise<Array<Record<string, CellValue>>> {
  const rows = (): Array<Record<string, CellValue>> => ahead.flatMap((e) => (e.kind === 'row' ? [e.record] : []));
  let n = rows().length;
  while (n < SAMPLE_ROWS) {
    const next = await reader.next();
    if (next.done) break;
    ahead.push(next.value);
    if (next.value.kind === 'row') n++;
  }
  return rows();
}

/**
 * The modality a manifest holds: text with a text column; with a path column,
 * that of the first path with a media extension (image if none has one);
 * tabular with neither.
 */
export function guessModality(header: readonly string[], rows: ReadonlyArray<Record<string, CellValue>>, c: Columns): Modality {
  if (header.includes(c.text)) return 'text';
  if (!header.includes(c.path)) return 'tabular';
  for (const r of rows) {
    const m = modalityOfExtension(path.extname(cellText(r[c.path])));
    if (m) return m;
  }
  return 'image';
}

/**
 * Streaming reader for CSV / TSV / JSONL manifests. Bad rows become 'error'
 * events (ragged rows, unclosed quotes, invalid JSON) and reading goes on.
 * Encoding: UTF-8 (BOM or not), UTF-16 with a BOM, or windows-1252 when the
 * bytes are not valid UTF-8.
 */
import fs from 'node:fs';
import path from 'node:path';

export type CellValue = string | number | boolean | null;
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type TableEvent =
  | { kind: 'header'; columns: string[]; format: 'csv' | 'tsv' | 'jsonl'; encoding: Encoding }
  | { kind: 'row'; line: number; record: Record<string, CellValue> }
  | { kind: 'error'; line: number; reason: string };
export interface ReadTableOptions {
  format?: 'csv' | 'tsv' | 'jsonl';
  signal?: AbortSignal;
}

const MAX_FIELD = 1 << 20;

export function formatFromPath(file: string): 'csv' | 'tsv' | 'jsonl' | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json-lines') return 'jsonl';
  return null;
}

async function sniffEncoding(file: string): Promise<{ encoding: Encoding; bom: number }> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
    if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
    if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
    try {
      // A multi-byte character cut at the end of the sample is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: bytesRead === buf.length });
      return { encoding: 'utf-8', bom: 0 };
    } catch {
      return { encoding: 'windows-1252', bom: 0 };
    }
  } finally {
    await fd.close();
  }
}

/** Decoded text chunks; invalid UTF-8 found after the sniffed head is replaced (and reported by line). */
async function* textChunks(file: string, encoding: Encoding, bom: number, signal?: AbortSignal): AsyncGenerator<string> {
  const stream = fs.createReadStream(file, { start: bom, highWaterMark: 65536 });
  const label = encoding === 'utf-16be' ? 'utf-16be' : encoding;
  const decoder = new TextDecoder(label, { fatal: false });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) return;
      const text = encoding === 'utf-16be' ? decoder.decode(chunk, { stream: true }) : decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } finally {
    stream.destroy();
  }
}

interface RawRow {
  line: number;
  fields: string[];
  error?: string;
}

/**
 * RFC 4180 records from text chunks. A quoted field open at end of file or
 * longer than MAX_FIELD is an error for its row; parsing resumes at the line
 * after the one where that quote opened, so one stray quote cannot swallow
 * the rest of the file.
 */
async function* records(chunks: AsyncGenerator<string>, delimiter: string): AsyncGenerator<RawRow> {
  let buf = '';
  let line = 1;
  let done = false;
  const d = delimiter.charCodeAt(0);
  const it = chunks[Symbol.asyncIterator]();
  const more = async (): Promise<boolean> => {
    if (done) return false;
    const n = await it.next();
    if (n.done) {
      done = true;
      return false;
    }
    buf += n.value;
    return true;
  };
  await more();
  let pos = 0;
  for (;;) {
    // Compact the buffer now and then so memory stays bounded.
    if (pos > 1 << 20) {
      buf = buf.slice(pos);
      pos = 0;
    }
    if (pos >= buf.length && !(await more())) return;
    const start = pos;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let quoted = false;
    let quoteOpenedAt = -1;
    let lines = 0;
    let error: string | undefined;
    let finished = false;
    while (!finished) {
      if (i >= buf.length) {
        if (await more()) continue;
        if (quoted) error = `unclosed quote starting on line ${startLine}`;
        fields.push(field);
        finished = true;
        break;
      }
      const c = buf.charCodeAt(i);
      if (quoted) {
        if (c === 34) {
          if (i + 1 >= buf.length && (await more())) continue;
          if (buf.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === 10) lines++;
          field += buf[i];
          i++;
          if (field.length > MAX_FIELD) {
            error = `quoted field starting on line ${startLine} runs past 1 MiB: unclosed quote?`;
            finished = true;
          }
        }
      } else if (c === 34 && field.length === 0) {
        quoted = true;
        quoteOpenedAt = i;
        i++;
      } else if (c === d) {
        fields.push(field);
        field = '';
        i++;
      } else if (c === 10 || c === 13) {
        if (c === 13 && i + 1 >= buf.length) await more();
        i += c === 13 && buf.charCodeAt(i + 1) === 10 ? 2 : 1;
        lines++;
        fields.push(field);
        finished = true;
      } else {
        field += buf[i];
        i++;
      }
    }
    if (error) {
      // Resynchronise: skip to the line after the one where the quote opened.
      let j = quoteOpenedAt >= 0 ? quoteOpenedAt : start;
      while (j < buf.length && buf.charCodeAt(j) !== 10 && buf.charCodeAt(j) !== 13) j++;
      if (j < buf.length) j += buf.charCodeAt(j) === 13 && buf.charCodeAt(j + 1) === 10 ? 2 : 1;
      pos = j;
      line = startLine + 1;
      yield { line: startLine, fields: [], error };
      continue;
    }
    pos = i;
    line = startLine + lines;
    if (fields.length === 1 && fields[0]!.trim() === '') continue; // blank line
    yield { line: startLine, fields };
  }
}

function uniqueColumns(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, i) => {
    let n = name.trim() || `column_${i + 1}`;
    const count = seen.get(n) ?? 0;
    seen.set(n, count + 1);
    if (count > 0) n = `${n}_${count + 1}`;
    return n;
  });
}

async function* readDelimited(file: string, format: 'csv' | 'tsv', enc: { encoding: Encoding; bom: number }, signal?: AbortSignal): AsyncGenerator<TableEvent> {
  const rows = records(textChunks(file, enc.encoding, enc.bom, signal), format === 'tsv' ? '\t' : ',');
  const first = await rows.next();
  if (first.done) throw new Error(`${file} is empty: no header row`);
  if (first.value.error) throw new Error(`${file}: header row is broken (${first.value.error})`);
  const columns = uniqueColumns(first.value.fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f)));
  yield { kind: 'header', columns, format, encoding: enc.encoding };
  for await (const r of rows) {
    if (signal?.aborted) return;
    if (r.error) {
      yield { kind: 'error', line: r.line, reason: r.error };
      continue;
    }
    if (r.fields.length !== columns.length) {
      yield { kind: 'error', line: r.line, reason: `expected ${columns.length} fields, found ${r.fields.length}` };
      continue;
    }
    if (r.fields.some((f) => f.includes('\uFFFD')) && enc.encoding === 'utf-8') {
      yield { kind: 'error', line: r.line, reason: 'bytes that are not valid UTF-8 (row imported with replacement characters skipped)' };
      continue;
    }
    const record: Record<string, CellValue> = {};
    columns.forEach((c, i) => (record[c] = r.fields[i]!));
    yield { kind: 'row', line: r.line, record };
  }
}

async function* jsonLines(file: string, enc: { encoding: Encoding; bom: number }, signal?: AbortSignal): AsyncGenerator<{ line: number; text: string }> {
  let rest = '';
  let line = 1;
  for await (const chunk of textChunks(file, enc.encoding, enc.bom, signal)) {
    rest += chunk;
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      yield { line: line++, text: rest.slice(0, nl) };
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  if (rest) yield { line, text: rest };
}

function toCell(v: unknown): CellValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

async function* readJsonl(file: string, enc: { encoding: Encoding; bom: number }, signal?: AbortSignal): AsyncGenerator<TableEvent> {
  const parsed: Array<{ line: number; record?: Record<string, CellValue>; error?: string }> = [];
  const columns: string[] = [];
  const known = new Set<string>();
  const lines = jsonLines(file, enc, signal);
  const parse = (line: number, text: string): { line: number; record?: Record<string, CellValue>; error?: string } | null => {
    const t = text.trim();
    if (!t) return null;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (err) {
      return { line, error: `invalid JSON: ${(err as Error).message}` };
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { line, error: 'not a JSON object' };
    const record: Record<string, CellValue> = {};
    for (const [k, val] of Object.entries(v)) record[k] = toCell(val);
    return { line, record };
  };
  // Read ahead so the header lists the columns of the first 1,000 lines.
  for await (const l of lines) {
    const p = parse(l.line, l.text);
    if (!p) continue;
    parsed.push(p);
    for (const k of Object.keys(p.record ?? {})) if (!known.has(k)) known.add(k) && columns.push(k);
    if (parsed.length >= 1000) break;
  }
  if (!parsed.length) throw new Error(`${file} is empty: no rows`);
  yield { kind: 'header', columns, format: 'jsonl', encoding: enc.encoding };
  const emit = (p: { line: number; record?: Record<string, CellValue>; error?: string }): TableEvent =>
    p.record ? { kind: 'row', line: p.line, record: p.record } : { kind: 'error', line: p.line, reason: p.error! };
  for (const p of parsed) yield emit(p);
  for await (const l of lines) {
    const p = parse(l.line, l.text);
    if (p) yield emit(p);
  }
}

export async function* readTable(file: string, opts: ReadTableOptions = {}): AsyncGenerator<TableEvent> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new Error(`${file}: not found`);
  }
  if (stat.size === 0) throw new Error(`${file} is empty: no header row`);
  const format = opts.format ?? formatFromPath(file) ?? 'csv';
  const enc = await sniffEncoding(file);
  if (format === 'jsonl') yield* readJsonl(file, enc, opts.signal);
  else yield* readDelimited(file, format, enc, opts.signal);
}

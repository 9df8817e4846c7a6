/**
 * Streaming reader for tabular manifests (CSV, TSV, JSONL) used by the dataset
 * importer. Files are read in 64 KiB chunks and parsed incrementally, so memory
 * stays bounded whatever the file size; a bad row becomes an 'error' event and
 * reading goes on. Bytes to text (encoding sniffing, the buffered text window the
 * parsers share) lives in tabular-encoding.ts.
 */
import path from 'node:path';
import { BAD, END, MORE, ROW, TextWindow, openTextFile, readHeadSync, type DecodedChunk, type TextEncodingName } from './tabular-encoding.ts';

/** One cell: CSV/TSV cells are always strings; JSONL keeps JSON scalars typed. */
export type CellValue = string | number | boolean | null;

/** The text encoding the header event reports (kept under this name for earlier callers). */
export type Encoding = TextEncodingName;

/** What readTable yields: one header, then rows and errors in file order. */
export type TableEvent =
  | { kind: 'header'; columns: string[]; format: 'csv' | 'tsv' | 'jsonl'; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' }
  | { kind: 'row'; line: number; record: Record<string, CellValue> }
  | { kind: 'error'; line: number; reason: string };

/** `format` overrides the guess from the file name; aborting `signal` ends the stream early, without an error. */
export interface ReadTableOptions {
  format?: 'csv' | 'tsv' | 'jsonl';
  signal?: AbortSignal;
}

/** A quoted field this long is taken to be a stray quote swallowing the file. */
const MAX_QUOTED = 1024 * 1024;
const JSONL_HEADER_LINES = 1000;
const BAD_UTF8 = 'bytes are not valid UTF-8 (replaced with U+FFFD)';

/** RFC 4180 records with a configurable delimiter, tolerant of stray quotes. */
class DelimitedParser extends TextWindow {
  fields: string[] = [];
  rowStart = 0;
  rowEnd = 0;
  /** Header names once read; their count lets a ragged row that spans lines be re-read from its first quote. */
  columns: string[] = [];
  /** A row held back while its invalid-UTF-8 error goes first. */
  private pending: TableEvent | null = null;
  private readonly delim: string;
  private readonly delimCode: number;

  constructor(delim: string) {
    super();
    this.delim = delim;
    this.delimCode = delim.charCodeAt(0);
  }

  /** Parses the next record into `fields` (ROW) or `reason` (BAD); MORE wants input, END is the end. */
  read(): number {
    for (;;) {
      if (this.skipping && !this.skip()) return this.eof ? END : MORE;
      const s = this.buf;
      const i = this.pos;
      if (i >= s.length) return this.eof ? END : MORE;
      if (!this.eof && s.length - i < this.wantLen) return MORE;
      const br = this.breakAt(i);
      if (br === -1 && !this.eof) return this.more(i);
      const end = br === -1 ? s.length : br;
      const q = this.find(2, '"', i);
      if (q !== -1 && q < end) return this.readQuoted(i);
      // Fast path: a line without quotes is one record, split natively.
      this.rowLine = this.line;
      this.rowStart = i;
      this.pos = br === -1 ? end : this.afterBreak(br);
      this.rowEnd = this.pos;
      this.line++;
      this.wantLen = 0;
      const c = s.charCodeAt(i);
      if (end === i || ((c === 32 || c === 9) && this.isBlank(i, end, this.delimCode !== 9))) continue;
      this.fields = s.slice(i, end).split(this.delim);
      return ROW;
    }
  }

  /** Slow path for a record holding a quote: field by field, across line breaks inside quotes. */
  private readQuoted(start: number): number {
    const s = this.buf;
    const fields: string[] = [];
    let i = start;
    let line = this.line;
    let spanQuote = -1;
    let spanLine = 0;
    for (;;) {
      let j = i;
      while (s.charCodeAt(j) === 32) j++;
      if (s.charCodeAt(j) !== 34) {
        // Unquoted: any quote inside is literal text.
        const br = this.breakAt(i);
        const d = this.find(3, this.delim, i);
        if (d !== -1 && (br === -1 || d < br)) {
          fields.push(s.slice(i, d));
          i = d + 1;
          continue;
        }
        if (br === -1 && !this.eof) return this.more(start);
        const end = br === -1 ? s.length : br;
        fields.push(s.slice(i, end));
        return this.endRecord(start, fields, br === -1 ? end : this.afterBreak(br), line, spanQuote, spanLine);
      }
      const qLine = line;
      let k = j + 1;
      let value = '';
      for (;;) {
        const close = s.indexOf('"', k);
        const stop = close === -1 ? s.length : close;
        if (stop - j > MAX_QUOTED) {
          return this.fail(start, `quoted field starting on line ${qLine} is longer than 1 MiB (stray quote?); resumed on the next line`, j, qLine);
        }
        if (close === -1) {
          return this.eof ? this.fail(start, `unclosed quote starting on line ${qLine}`, j, qLine) : this.more(start);
        }
        const breaks = countBreaks(s, k, close);
        if (breaks > 0 && spanQuote === -1) {
          spanQuote = j;
          spanLine = qLine;
        }
        line += breaks;
        value += s.slice(k, close);
        if (s.charCodeAt(close + 1) !== 34) {
          k = close + 1;
          break;
        }
        value += '"';
        k = close + 2;
      }
      while (s.charCodeAt(k) === 32) k++;
      fields.push(value);
      // Also covers a closing quote that ends the buffer: the next chunk may open with its double.
      if (k >= s.length && !this.eof) return this.more(start);
      const c = s.charCodeAt(k);
      if (c === this.delimCode) {
        i = k + 1;
        continue;
      }
      if (k >= s.length || c === 10 || c === 13) {
        return this.endRecord(start, fields, k >= s.length ? k : this.afterBreak(k), line, spanQuote, spanLine);
      }
      return this.fail(start, `unexpected text after the closing quote on line ${line}`, j, qLine);
    }
  }

  private endRecord(start: number, fields: string[], next: number, line: number, spanQuote: number, spanLine: number): number {
    const expected = this.columns.length;
    if (expected > 0 && fields.length !== expected && spanQuote !== -1) {
      // A multi-line row of the wrong width most likely began at a stray quote:
      // re-reading from the line after it recovers the rows it swallowed.
      const reason = `expected ${expected} fields, found ${fields.length} (quote on line ${spanLine} runs to line ${line}; resumed after it)`;
      return this.fail(start, reason, spanQuote, spanLine);
    }
    this.rowLine = this.line;
    this.rowStart = start;
    this.pos = next;
    this.rowEnd = next;
    this.line = line + 1;
    this.wantLen = 0;
    this.fields = fields;
    return ROW;
  }

  /** Reads the header row; throws when there is none, or it is malformed (nothing after it could be matched up). */
  async readHeader(read: () => Promise<DecodedChunk | null>, file: string): Promise<string[]> {
    for (;;) {
      const code = this.read();
      if (code === BAD) throw new Error(`${file}: the header row on line ${this.rowLine} cannot be read: ${this.reason}`);
      if (code === END) throw new Error(`${file} is empty: no header row`);
      if (code === ROW) return (this.columns = uniqueNames(this.fields));
      this.push(await read());
    }
  }

  /** The next row or error event; null when it wants input (or, once at eof, at the end). */
  next(): TableEvent | null {
    const held = this.pending;
    if (held !== null) {
      this.pending = null;
      return held;
    }
    const code = this.read();
    if (code === BAD) return { kind: 'error', line: this.rowLine, reason: this.reason };
    if (code !== ROW) return null;
    const { fields, columns } = this;
    const bad = this.takeBad(this.rowStart, this.rowEnd);
    if (fields.length !== columns.length) {
      return { kind: 'error', line: this.rowLine, reason: `expected ${columns.length} fields, found ${fields.length}${bad ? `; ${BAD_UTF8}` : ''}` };
    }
    const row: TableEvent = { kind: 'row', line: this.rowLine, record: toRecord(columns, fields) };
    if (!bad) return row;
    this.pending = row;
    return { kind: 'error', line: this.rowLine, reason: BAD_UTF8 };
  }
}

/** Line-delimited JSON objects. */
class JsonlParser extends TextWindow {
  record: Record<string, CellValue> = {};
  /** Whether the last row held invalid UTF-8. */
  private badRow = false;
  /** A row held back while its invalid-UTF-8 error goes first. */
  private pending: TableEvent | null = null;
  /** Non-blank lines read so far. */
  private lines = 0;
  /** Events read ahead for the header, replayed first. */
  private ahead: TableEvent[] = [];
  private replayed = 0;

  /** Parses the next line into `record` (ROW) or `reason` (BAD); MORE wants input, END is the end. */
  read(): number {
    for (;;) {
      if (this.skipping && !this.skip()) return this.eof ? END : MORE;
      const s = this.buf;
      const i = this.pos;
      if (i >= s.length) return this.eof ? END : MORE;
      if (!this.eof && s.length - i < this.wantLen) return MORE;
      const br = this.breakAt(i);
      if (br === -1 && !this.eof) return this.more(i);
      const end = br === -1 ? s.length : br;
      this.rowLine = this.line;
      this.pos = br === -1 ? end : this.afterBreak(br);
      this.line++;
      this.wantLen = 0;
      const text = s.slice(i, end);
      if (text.trim() === '') continue;
      this.lines++;
      return this.parse(text, i);
    }
  }

  private parse(text: string, start: number): number {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.takeBad(start, this.pos);
      this.reason = `invalid JSON: ${(err as Error).message}`;
      return BAD;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.takeBad(start, this.pos);
      this.reason = `expected a JSON object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
      return BAD;
    }
    const record = value as Record<string, unknown>;
    // Assigning to an existing own key is safe even for "__proto__" (JSON.parse defines it as data).
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (typeof v === 'object' && v !== null) record[key] = JSON.stringify(v);
    }
    this.record = record as Record<string, CellValue>;
    this.badRow = this.takeBad(start, this.pos);
    return ROW;
  }

  /** Reads up to 1,000 lines ahead and returns the union of their keys; null if aborted meanwhile. */
  async readHeader(read: () => Promise<DecodedChunk | null>, file: string, signal?: AbortSignal): Promise<string[] | null> {
    const keys = new Set<string>();
    while (this.lines < JSONL_HEADER_LINES || this.pending !== null) {
      if (signal?.aborted) return null;
      const event = this.parseNext();
      if (event !== null) {
        if (event.kind === 'row') for (const key of Object.keys(event.record)) keys.add(key);
        this.ahead.push(event);
      } else if (this.eof) break;
      else this.push(await read());
    }
    if (this.ahead.length === 0) throw new Error(`${file} is empty: no header row`);
    return [...keys];
  }

  /** The next row or error event, replaying the read-ahead first; null when it wants input or at the end. */
  next(): TableEvent | null {
    if (this.replayed < this.ahead.length) {
      const event = this.ahead[this.replayed++]!;
      if (this.replayed === this.ahead.length) {
        this.ahead = [];
        this.replayed = 0;
      }
      return event;
    }
    return this.parseNext();
  }

  private parseNext(): TableEvent | null {
    const held = this.pending;
    if (held !== null) {
      this.pending = null;
      return held;
    }
    const code = this.read();
    if (code === BAD) return { kind: 'error', line: this.rowLine, reason: this.reason };
    if (code !== ROW) return null;
    const row: TableEvent = { kind: 'row', line: this.rowLine, record: this.record };
    if (!this.badRow) return row;
    this.pending = row;
    return { kind: 'error', line: this.rowLine, reason: BAD_UTF8 };
  }
}

/** Counts line breaks in s[a, b), a CRLF being one. */
function countBreaks(s: string, a: number, b: number): number {
  let n = 0;
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k);
    if (c === 10 || (c === 13 && s.charCodeAt(k + 1) !== 10)) n++;
  }
  return n;
}

/** Trims header names, names empty ones `column_N` and suffixes repeats `_2`, `_3`, ... */
function uniqueNames(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((name, idx) => {
    const base = name.replace(/^\uFEFF/, '').trim() || `column_${idx + 1}`;
    let out = base;
    for (let n = 2; used.has(out); n++) out = `${base}_${n}`;
    used.add(out);
    return out;
  });
}

function toRecord(columns: string[], fields: string[]): Record<string, CellValue> {
  const record: Record<string, CellValue> = {};
  for (let j = 0; j < columns.length; j++) {
    const key = columns[j]!;
    // A plain assignment to "__proto__" would hit the prototype setter and drop the cell.
    if (key === '__proto__') Object.defineProperty(record, key, { value: fields[j], enumerable: true, writable: true, configurable: true });
    else record[key] = fields[j]!;
  }
  return record;
}

function firstLine(text: string): string {
  return text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
}

/** Guesses the format from the start of the content, for names formatFromPath does not know. */
function sniffFormat(head: string): 'csv' | 'tsv' | 'jsonl' {
  const line = firstLine(head);
  if (line.trimStart().startsWith('{')) return 'jsonl';
  return line.includes('\t') ? 'tsv' : 'csv';
}

/**
 * The format implied by a file name: .csv; .tsv and .tab; .jsonl, .ndjson and
 * .json-lines; .txt is TSV unless its first line has commas and no tab (then
 * CSV), which means reading its first 64 KiB. Null for anything else.
 */
export function formatFromPath(file: string): 'csv' | 'tsv' | 'jsonl' | null {
  return formatByName(file, () => readHeadSync(file));
}

/** formatFromPath, with the start of the text supplied by the caller (readTable already has it). */
function formatByName(file: string, head: () => string | null): 'csv' | 'tsv' | 'jsonl' | null {
  switch (path.extname(file).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.tsv':
    case '.tab':
      return 'tsv';
    case '.jsonl':
    case '.ndjson':
    case '.json-lines':
      return 'jsonl';
    case '.txt': {
      const line = firstLine(head() ?? '');
      return !line.includes('\t') && line.includes(',') ? 'csv' : 'tsv';
    }
    default:
      return null;
  }
}

/**
 * Streams a CSV/TSV/JSONL file as events: one 'header', then a 'row' or an
 * 'error' per record in file order, `line` being the physical line the record
 * starts on. Never throws for bad rows. A row holding invalid UTF-8 (found
 * past the sniffed first 64 KiB) gives an 'error' and is still delivered,
 * with U+FFFD in place of the bad bytes. Aborting `signal` ends the stream
 * quietly and closes the file. Throws a plain Error only when the file cannot
 * be opened or read, or has no header row. The format comes from `opts.format`,
 * else the file name, else the content.
 */
export async function* readTable(file: string, opts: ReadTableOptions = {}): AsyncGenerator<TableEvent> {
  const signal = opts.signal;
  if (signal?.aborted) return;
  const src = await openTextFile(file);
  try {
    const format = opts.format ?? formatByName(file, () => src.head) ?? sniffFormat(src.head);
    const read = (): Promise<DecodedChunk | null> => src.read();
    const p = format === 'jsonl' ? new JsonlParser() : new DelimitedParser(format === 'tsv' ? '\t' : ',');
    const columns = await p.readHeader(read, file, signal);
    if (columns === null) return;
    yield { kind: 'header', columns, format, encoding: src.encoding };
    // One loop with synchronous parsing: a nested generator per row would double the per-row cost.
    for (;;) {
      if (signal?.aborted) return;
      const event = p.next();
      if (event !== null) yield event;
      else if (p.eof) return;
      else p.push(await read());
    }
  } finally {
    await src.close();
  }
}

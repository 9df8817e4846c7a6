/**
 * Bytes to text for the tabular reader. The encoding comes from a BOM, or from
 * whether the first 64 KiB are valid UTF-8 (if not, the file is taken to be
 * windows-1252, the usual source of stray 0xE9 bytes). Invalid UTF-8 that only
 * shows up later is replaced with U+FFFD and its offsets are reported, so the
 * reader can flag the rows that held it instead of silently altering them.
 * TextWindow, the buffer both parsers read decoded text through, is here too.
 */
import fs from 'node:fs';
import { once } from 'node:events';

/** The encodings the reader can report in its header event. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Read size, and how much of the file is sniffed for its encoding. */
export const CHUNK_BYTES = 64 * 1024;

/** A piece of decoded text; `bad` holds offsets in `text` of U+FFFD that replaced invalid UTF-8. */
export interface DecodedChunk {
  text: string;
  bad: number[];
}

/** A file opened for decoding; `read()` returns `head` first, then the rest, then null. */
export interface TextFile {
  readonly encoding: TextEncodingName;
  /** The decoded first chunk (about 64 KiB), for sniffing the format. */
  readonly head: string;
  read(): Promise<DecodedChunk | null>;
  /** Destroys the stream and waits until the file handle is closed. */
  close(): Promise<void>;
}

const NO_BAD: number[] = [];

/** Picks the encoding from a BOM, else by validating the sample as UTF-8. `complete` says the sample is the whole file. */
export function sniffEncoding(head: Uint8Array, complete: boolean): { encoding: TextEncodingName; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const sample = complete ? head : head.subarray(0, completeUtf8Length(head));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/** Length of `bytes` without a multi-byte sequence cut off at the end (which the next chunk completes). */
function completeUtf8Length(bytes: Uint8Array): number {
  const len = bytes.length;
  for (let i = len - 1; i >= 0 && i >= len - 4; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len - i < need ? i : len;
  }
  return len;
}

/**
 * Length of the UTF-8 sequence at `i` if it is well formed, else minus the
 * length of its maximal invalid prefix (Unicode 3.9, as TextDecoder counts it).
 */
function utf8Sequence(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return -1;
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if (c === undefined || c < lo || c > hi) return -k;
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

/** Decodes bytes known to hold invalid UTF-8, noting where each U+FFFD went. */
function decodeUtf8Lenient(bytes: Uint8Array): DecodedChunk {
  const plain = new TextDecoder('utf-8', { ignoreBOM: true });
  const bad: number[] = [];
  let text = '';
  let run = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8Sequence(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    text += plain.decode(bytes.subarray(run, i));
    bad.push(text.length);
    text += '\uFFFD';
    i -= n;
    run = i;
  }
  return { text: text + plain.decode(bytes.subarray(run)), bad };
}

/** Turns a byte stream into text chunks; `last` flushes what a cut-off sequence left behind. */
type ChunkDecoder = (bytes: Uint8Array, last: boolean) => DecodedChunk;

function utf8Decoder(): ChunkDecoder {
  // ignoreBOM keeps a U+FEFF that happens to open a later chunk; the real BOM is skipped by byte count.
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let carry: Uint8Array | null = null;
  return (chunk, last) => {
    let bytes = chunk;
    if (carry !== null) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
    }
    const cut = last ? bytes.length : completeUtf8Length(bytes);
    carry = cut < bytes.length ? bytes.slice(cut) : null;
    const whole = bytes.subarray(0, cut);
    try {
      return { text: fatal.decode(whole), bad: NO_BAD };
    } catch {
      return decodeUtf8Lenient(whole);
    }
  };
}

function plainDecoder(encoding: TextEncodingName): ChunkDecoder {
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return (bytes, last) => ({ text: decoder.decode(bytes, { stream: !last }), bad: NO_BAD });
}

/**
 * Opens `file` as a 64 KiB-chunked read stream and decodes it. Throws a plain
 * Error naming the path when it is missing or cannot be read.
 */
export async function openTextFile(file: string): Promise<TextFile> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(e.code === 'ENOENT' ? `${file}: not found` : `cannot open ${file}: ${e.message}`, { cause: err });
  }
  const stream = fs.createReadStream(file, { fd: handle, highWaterMark: CHUNK_BYTES });
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const close = async (): Promise<void> => {
    if (stream.closed) return;
    const closed = once(stream, 'close').catch(() => undefined);
    stream.destroy();
    await closed;
  };

  const parts: Buffer[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < CHUNK_BYTES) {
      const r = await chunks.next();
      if (r.done === true) {
        ended = true;
        break;
      }
      parts.push(r.value);
      size += r.value.length;
    }
  } catch (err) {
    await close();
    throw new Error(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }

  const first = Buffer.concat(parts, size);
  const { encoding, bom } = sniffEncoding(first, ended);
  const decode = encoding === 'utf-8' ? utf8Decoder() : plainDecoder(encoding);
  const head = decode(first.subarray(bom), ended);
  let pending: DecodedChunk | null = head;

  return {
    encoding,
    head: head.text,
    close,
    async read() {
      if (pending !== null) {
        const out = pending;
        pending = null;
        return out;
      }
      if (ended) return null;
      const r = await chunks.next();
      if (r.done !== true) return decode(r.value, false);
      ended = true;
      return decode(new Uint8Array(0), true);
    },
  };
}

/** The decoded first 64 KiB of `file`, or null when it cannot be read (for sniffing `.txt` files). */
export function readHeadSync(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(CHUNK_BYTES);
    const n = fs.readSync(fd, buf, 0, CHUNK_BYTES, 0);
    const bytes = buf.subarray(0, n);
    const { encoding, bom } = sniffEncoding(bytes, n < CHUNK_BYTES);
    return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Parser results: wants more input, a row, a bad row (see `reason`), the end. */
export const MORE = 0;
export const ROW = 1;
export const BAD = 2;
export const END = 3;
/** A row this long without ending is skipped, so a file with no line breaks cannot fill memory. */
const MAX_ROW = 16 * 1024 * 1024;

/**
 * A growing window over the decoded text: line-break lookup with cached
 * indexOf results, resynchronising after a bad row, and tracking which rows
 * held invalid UTF-8. Shared by both parsers.
 */
export class TextWindow {
  buf = '';
  /** Next unread index in buf. */
  pos = 0;
  /** Physical line number at pos. */
  line = 1;
  eof = false;
  rowLine = 0;
  reason = '';
  /** Dropping text up to the next line break (after a bad row with no break yet in sight). */
  protected skipping = false;
  /** Don't rescan a partial row until the buffer holds this much from pos: keeps long rows linear. */
  protected wantLen = 0;
  /** Absolute offset of buf[0] in the decoded text. */
  private base = 0;
  private pendingCR = false;
  private bad: number[] = [];
  /** Next '\n', '\r', '"', delimiter at or after the last lookup; -1 none in buf, -2 unknown. */
  protected found: [number, number, number, number] = [-2, -2, -2, -2];

  /** Adds the next decoded chunk; null marks the end of the file. */
  push(chunk: DecodedChunk | null): void {
    if (chunk === null) {
      this.eof = true;
      return;
    }
    let text = chunk.text;
    let shift = 0;
    if (this.pendingCR && text.length > 0) {
      this.pendingCR = false;
      if (text.charCodeAt(0) === 10) {
        text = text.slice(1);
        shift = 1;
      }
    }
    const at = this.base + this.buf.length;
    for (const b of chunk.bad) this.bad.push(at + b - shift);
    this.base += this.pos;
    this.buf = this.pos === this.buf.length ? text : this.buf.slice(this.pos) + text;
    this.pos = 0;
    this.resetFound();
  }

  protected resetFound(): void {
    const f = this.found;
    f[0] = f[1] = f[2] = f[3] = -2;
  }

  /** First occurrence of `ch` at or after `from`; `from` must not go backwards until resetFound. */
  protected find(slot: 0 | 1 | 2 | 3, ch: string, from: number): number {
    const at = this.found[slot];
    if (at === -1 || at >= from) return at;
    return (this.found[slot] = this.buf.indexOf(ch, from));
  }

  /** First line break (LF, CR or CRLF) at or after `from`, or -1. */
  protected breakAt(from: number): number {
    const lf = this.find(0, '\n', from);
    const cr = this.find(1, '\r', from);
    return cr === -1 ? lf : lf === -1 || cr < lf ? cr : lf;
  }

  /** Index just past the break at `at`; a CR ending the buffer may pair with a LF opening the next chunk. */
  protected afterBreak(at: number): number {
    const s = this.buf;
    if (s.charCodeAt(at) === 13) {
      if (at + 1 === s.length) {
        this.pendingCR = !this.eof;
        return at + 1;
      }
      if (s.charCodeAt(at + 1) === 10) return at + 2;
    }
    return at + 1;
  }

  /** Whether the row's text (buf indexes) held invalid UTF-8; forgets offsets before `end`. */
  takeBad(start: number, end: number): boolean {
    const bad = this.bad;
    if (bad.length === 0) return false;
    const a = this.base + start;
    const b = this.base + end;
    let hit = false;
    let n = 0;
    while (n < bad.length && bad[n]! < b) {
      if (bad[n]! >= a) hit = true;
      n++;
    }
    bad.splice(0, n);
    return hit;
  }

  /** Either waits for more input for the row at `start`, or gives up on a row too long to be real. */
  protected more(start: number): number {
    const held = this.buf.length - start;
    if (held > MAX_ROW) return this.fail(start, 'row is longer than 16 MiB; skipped to the next line', start, this.line);
    this.wantLen = 2 * held;
    return MORE;
  }

  /** Reports the row at `start` as bad and resumes after the first line break past `at` (on line `atLine`). */
  protected fail(start: number, reason: string, at: number, atLine: number): number {
    this.rowLine = this.line;
    this.reason = reason;
    this.resetFound();
    const br = this.breakAt(at + 1);
    if (br === -1) {
      this.pos = this.buf.length;
      this.line = atLine;
      this.skipping = !this.eof;
    } else {
      this.pos = this.afterBreak(br);
      this.line = atLine + 1;
    }
    this.takeBad(start, this.pos);
    this.wantLen = 0;
    return BAD;
  }

  /** Drops text through the next line break; false while none has arrived. */
  protected skip(): boolean {
    const br = this.breakAt(this.pos);
    if (br === -1) {
      this.pos = this.buf.length;
      if (this.eof) this.skipping = false;
      return false;
    }
    this.pos = this.afterBreak(br);
    this.line++;
    this.skipping = false;
    return true;
  }

  /** Whether buf[i, end) is only spaces (and tabs, when tabs are not the delimiter). */
  protected isBlank(i: number, end: number, tabs: boolean): boolean {
    for (let k = i; k < end; k++) {
      const c = this.buf.charCodeAt(k);
      if (c !== 32 && !(tabs && c === 9)) return false;
    }
    return true;
  }
}

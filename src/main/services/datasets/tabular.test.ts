import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFromPath, readTable, type ReadTableOptions, type TableEvent } from './tabular.ts';

const CHUNK = 64 * 1024;
let dir: string;
let seq = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, `${seq++}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

/** Writes a large file piece by piece so the test itself never holds it whole. */
function writeLarge(name: string, header: string, rows: number, row: (i: number) => string): string {
  const file = path.join(dir, `${seq++}-${name}`);
  const fd = fs.openSync(file, 'w');
  let text = header;
  for (let i = 0; i < rows; i++) {
    text += row(i);
    if (text.length > 1_000_000) {
      fs.writeSync(fd, text);
      text = '';
    }
  }
  fs.writeSync(fd, text);
  fs.closeSync(fd);
  return file;
}

async function collect(file: string, opts?: ReadTableOptions): Promise<TableEvent[]> {
  const out: TableEvent[] = [];
  for await (const ev of readTable(file, opts)) out.push(ev);
  return out;
}

/** Events as compact tuples, easy to compare in order. */
function brief(events: TableEvent[]): unknown[] {
  return events.map((e) => (e.kind === 'header' ? ['header', e.columns] : e.kind === 'row' ? [e.line, e.record] : [e.line, 'error']));
}

function rows(events: TableEvent[]): Extract<TableEvent, { kind: 'row' }>[] {
  return events.filter((e) => e.kind === 'row');
}

function errors(events: TableEvent[]): Extract<TableEvent, { kind: 'error' }>[] {
  return events.filter((e) => e.kind === 'error');
}

/** Open descriptors of this process that point at `file` (Linux only). */
function openFds(file: string): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // the descriptor closed between readdir and readlink
    }
  }
  return n;
}

describe('readTable: CSV basics', () => {
  it('reads a simple CSV with a header event and string values', async () => {
    const file = write('simple.csv', 'id,name,score\n1,cat,0.5\n2,dog,10\n');
    expect(await collect(file)).toEqual([
      { kind: 'header', columns: ['id', 'name', 'score'], format: 'csv', encoding: 'utf-8' },
      { kind: 'row', line: 2, record: { id: '1', name: 'cat', score: '0.5' } },
      { kind: 'row', line: 3, record: { id: '2', name: 'dog', score: '10' } },
    ]);
  });

  it('unquotes commas, doubled quotes and embedded newlines, keeping start lines', async () => {
    const text = 'id,text,n\n1,"a, b",x\n2,"say ""hi""",y\n3,"two\nlines\r\nthree",z\n4, "  padded  " ,w\n5,5" screen,v\n';
    const events = await collect(write('quoted.csv', text));
    expect(brief(events).slice(1)).toEqual([
      [2, { id: '1', text: 'a, b', n: 'x' }],
      [3, { id: '2', text: 'say "hi"', n: 'y' }],
      [4, { id: '3', text: 'two\nlines\r\nthree', n: 'z' }],
      [7, { id: '4', text: '  padded  ', n: 'w' }],
      [8, { id: '5', text: '5" screen', n: 'v' }],
    ]);
  });

  it('handles CRLF and lone CR line endings and skips blank lines', async () => {
    const crlf = await collect(write('crlf.csv', 'a,b\r\n1,2\r\n\r\n3,4\r\n'));
    expect(brief(crlf).slice(1)).toEqual([
      [2, { a: '1', b: '2' }],
      [4, { a: '3', b: '4' }],
    ]);
    const cr = await collect(write('cr.csv', 'a,b\r1,2\r  \r3,"x\ry"\r5,6'));
    expect(brief(cr).slice(1)).toEqual([
      [2, { a: '1', b: '2' }],
      [4, { a: '3', b: 'x\ry' }],
      [6, { a: '5', b: '6' }],
    ]);
  });

  it('reads TSV with commas as plain text and quoted tabs', async () => {
    const events = await collect(write('data.tsv', 'path\tlabel\na,b.png\tcat, dog\n"x\ty"\t"q ""z"""\n'));
    expect(events[0]).toMatchObject({ kind: 'header', format: 'tsv', columns: ['path', 'label'] });
    expect(brief(events).slice(1)).toEqual([
      [2, { path: 'a,b.png', label: 'cat, dog' }],
      [3, { path: 'x\ty', label: 'q "z"' }],
    ]);
  });

  it('makes duplicate and empty header names unique and trims them', async () => {
    const events = await collect(write('dups.csv', ' id , name ,id,,name,,id_2\n1,2,3,4,5,6,7\n'));
    const columns = ['id', 'name', 'id_2', 'column_4', 'name_2', 'column_6', 'id_2_2'];
    expect(events[0]).toMatchObject({ columns });
    expect(rows(events)[0]?.record).toEqual(Object.fromEntries(columns.map((c, i) => [c, String(i + 1)])));
  });

  it('keeps a column named __proto__ as an own property', async () => {
    const events = await collect(write('proto.csv', '__proto__,b\nx,y\n'));
    const record = rows(events)[0]!.record;
    expect(Object.keys(record)).toEqual(['__proto__', 'b']);
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('x');
  });
});

describe('readTable: encodings', () => {
  it('strips a UTF-8 BOM from the first column name', async () => {
    const events = await collect(write('bom.csv', '\uFEFFid,name\n1,caf\u00e9\n'));
    expect(events[0]).toEqual({ kind: 'header', columns: ['id', 'name'], format: 'csv', encoding: 'utf-8' });
    expect(rows(events)[0]?.record).toEqual({ id: '1', name: 'café' });
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM', async () => {
    const text = '\uFEFFname,city\r\ncafé,東京\r\n"a,b",Zürich\r\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [bytes, encoding] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
      const events = await collect(write('u16.csv', bytes));
      expect(events[0]).toEqual({ kind: 'header', columns: ['name', 'city'], format: 'csv', encoding });
      expect(brief(events).slice(1)).toEqual([
        [2, { name: 'café', city: '東京' }],
        [3, { name: 'a,b', city: 'Zürich' }],
      ]);
    }
  });

  it('decodes a file that is not valid UTF-8 as windows-1252', async () => {
    const bytes = Buffer.concat([Buffer.from('name,price\ncaf', 'latin1'), Buffer.from([0xe9, 0x2c, 0x35, 0x80, 0x0a])]);
    const events = await collect(write('latin1.csv', bytes));
    expect(events[0]).toMatchObject({ encoding: 'windows-1252' });
    expect(rows(events)[0]?.record).toEqual({ name: 'café', price: '5€' });
  });

  it('flags a row with invalid UTF-8 past the sniffed 64 KiB and still delivers it', async () => {
    let text = 'id,text\n';
    let n = 0;
    while (text.length < CHUNK + 5000) text += `${++n},row ${n}\n`;
    const badLine = n + 2;
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from('bad,x'), Buffer.from([0xff, 0xc3]), Buffer.from('y\nlast,ok\n')]);
    const events = await collect(write('late-bad.csv', bytes));
    expect(events[0]).toMatchObject({ encoding: 'utf-8' });
    expect(errors(events)).toEqual([{ kind: 'error', line: badLine, reason: expect.stringMatching(/not valid UTF-8/) }]);
    const tail = rows(events).slice(-2);
    expect(tail).toEqual([
      { kind: 'row', line: badLine, record: { id: 'bad', text: 'x\uFFFD\uFFFDy' } },
      { kind: 'row', line: badLine + 1, record: { id: 'last', text: 'ok' } },
    ]);
    expect(rows(events)).toHaveLength(n + 2);
  });
});

describe('readTable: chunk boundaries', () => {
  /** CSV text whose byte `CHUNK - 1 + shift` is the first char of `tail`'s marker, preceded by plain rows. */
  function straddle(marker: string, shift = 0): { text: string; rowsBefore: number } {
    let text = 'id,text\r\n';
    let rowsBefore = 0;
    while (text.length < CHUNK - 200) text += `${++rowsBefore},filler\r\n`;
    const prefix = `${++rowsBefore},`;
    const pad = CHUNK - 1 + shift - text.length - prefix.length;
    return { text: text + prefix + 'p'.repeat(pad) + marker, rowsBefore };
  }

  it('treats a CRLF split across two chunks as one line break', async () => {
    const { text, rowsBefore } = straddle('\r\nnext,row\r\n');
    const events = await collect(write('crlf-split.csv', text));
    expect(errors(events)).toEqual([]);
    expect(rows(events).map((r) => r.line)).toEqual(Array.from({ length: rowsBefore + 1 }, (_, i) => i + 2));
    expect(rows(events).at(-1)?.record).toEqual({ id: 'next', text: 'row' });
  });

  it('joins a doubled quote and a multi-byte char split across chunks', async () => {
    const quoted = straddle('"",q"\r\nz,after\r\n', -1);
    const text = quoted.text.replace(/(\d+,)(p+)""/, '$1"$2""');
    const events = await collect(write('quote-split.csv', text));
    expect(errors(events)).toEqual([]);
    expect(rows(events).at(-2)?.record.text).toMatch(/^p+",q$/);
    expect(rows(events).at(-1)).toEqual({ kind: 'row', line: quoted.rowsBefore + 2, record: { id: 'z', text: 'after' } });

    const multi = straddle('é\r\nz,after\r\n');
    const mEvents = await collect(write('utf8-split.csv', multi.text));
    expect(mEvents[0]).toMatchObject({ encoding: 'utf-8' });
    expect(errors(mEvents)).toEqual([]);
    expect(rows(mEvents).at(-2)?.record.text).toMatch(/^p+é$/);
  });
});

describe('readTable: bad rows', () => {
  it('reports ragged rows as errors and keeps the good rows in order', async () => {
    const events = await collect(write('ragged.csv', 'a,b,c\n1,2,3\n4,5,6,7,8,9\n\n7,8,9\n10,11\n12,13,14\n'));
    expect(brief(events).slice(1)).toEqual([
      [2, { a: '1', b: '2', c: '3' }],
      [3, 'error'],
      [5, { a: '7', b: '8', c: '9' }],
      [6, 'error'],
      [7, { a: '12', b: '13', c: '14' }],
    ]);
    const reasons = errors(events).map((e) => e.reason);
    expect(reasons[0]).toMatch(/3.*6|6.*3/);
    expect(reasons[1]).toMatch(/3.*2|2.*3/);
  });

  it('reports an unclosed quote at end of file and still reads the lines after it', async () => {
    const events = await collect(write('unclosed.csv', 'id,text\n1,ok\n2,"never closed\n3,after\n4,end\n'));
    expect(brief(events).slice(1)).toEqual([
      [2, { id: '1', text: 'ok' }],
      [3, 'error'],
      [4, { id: '3', text: 'after' }],
      [5, { id: '4', text: 'end' }],
    ]);
    expect(errors(events)[0]?.reason).toMatch(/unclosed quote starting on line 3/);
  });

  it('recovers from a stray quote that would swallow more than 1 MiB', async () => {
    const total = 120_000;
    const stray = 40_000;
    const file = writeLarge('stray.csv', 'id,name,v\n', total, (i) => (i === stray ? `${i},"oops,x\n` : `${i},name ${i},${i % 7}\n`));
    const events = await collect(file);
    const errs = errors(events);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line: stray + 2, reason: expect.stringMatching(/1 MiB/) });
    const got = rows(events);
    expect(got).toHaveLength(total - 1);
    expect(got[stray]).toEqual({ kind: 'row', line: stray + 3, record: { id: String(stray + 1), name: `name ${stray + 1}`, v: String((stray + 1) % 7) } });
    expect(got.at(-1)?.line).toBe(total + 1);
  });

  it('recovers the rows a stray quote swallowed when a later quote closes it', async () => {
    // The later quote either opens a quoted field (text follows the close) or is literal
    // at the end of a field (the swallowed "row" then has the wrong width).
    const cases = [
      { later: '"quoted",x', record: { id: '2000', name: 'quoted', v: 'x' } },
      { later: 'x,5"', record: { id: '2000', name: 'x', v: '5"' } },
    ];
    for (const { later, record } of cases) {
      const file = writeLarge('stray-closed.csv', 'id,name,v\n', 3000, (i) =>
        i === 1000 ? `${i},"oops\n` : i === 2000 ? `${i},${later}\n` : `${i},n${i},y\n`,
      );
      const events = await collect(file);
      expect(errors(events).map((e) => e.line)).toEqual([1002]);
      const got = rows(events);
      expect(got.map((r) => r.line)).toEqual([...Array.from({ length: 1000 }, (_, i) => i + 2), ...Array.from({ length: 1999 }, (_, i) => i + 1003)]);
      expect(got[1999]?.record).toEqual(record);
    }
  });
});

describe('readTable: JSONL', () => {
  it('keeps JSON scalars typed, stringifies nesting and reports bad lines', async () => {
    const lines = [
      '{"id":1,"name":"a","ok":true,"score":null}',
      '{"id":2,"tags":["x","y"],"meta":{"k":1},"ok":false}',
      '',
      'not json',
      '[1,2]',
      '42',
      '{"id":3,"extra":"z","score":1.5}',
    ];
    const events = await collect(write('rows.jsonl', lines.join('\r\n') + '\n'));
    expect(events[0]).toEqual({ kind: 'header', columns: ['id', 'name', 'ok', 'score', 'tags', 'meta', 'extra'], format: 'jsonl', encoding: 'utf-8' });
    expect(brief(events).slice(1)).toEqual([
      [1, { id: 1, name: 'a', ok: true, score: null }],
      [2, { id: 2, tags: '["x","y"]', meta: '{"k":1}', ok: false }],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, { id: 3, extra: 'z', score: 1.5 }],
    ]);
    const reasons = errors(events).map((e) => e.reason);
    expect(reasons[0]).toMatch(/invalid JSON/);
    expect(reasons[1]).toMatch(/expected a JSON object, found an array/);
    expect(reasons[2]).toMatch(/found number/);
  });

  it('takes header keys from the first 1,000 lines, then replays them in order', async () => {
    const file = writeLarge('many.ndjson', '', 1500, (i) =>
      JSON.stringify(i === 998 ? { id: i, early: 1 } : i === 1200 ? { id: i, late: 1 } : { id: i }) + '\n',
    );
    const events = await collect(file);
    expect(events[0]).toMatchObject({ columns: ['id', 'early'], format: 'jsonl' });
    const got = rows(events);
    expect(got.map((r) => r.record.id)).toEqual(Array.from({ length: 1500 }, (_, i) => i));
    expect(got[1200]).toEqual({ kind: 'row', line: 1201, record: { id: 1200, late: 1 } });
  });
});

describe('readTable: opening, empty files and abort', () => {
  it('throws a clear error for missing, zero-byte and blank-only files', async () => {
    const missing = path.join(dir, 'nope.csv');
    await expect(collect(missing)).rejects.toThrow(`${missing}: not found`);
    const empty = write('empty.csv', '');
    await expect(collect(empty)).rejects.toThrow(`${empty} is empty: no header row`);
    const blank = write('blank.csv', '\n  \r\n\n');
    await expect(collect(blank)).rejects.toThrow(/is empty: no header row/);
    await expect(collect(write('blank.jsonl', '\n\n'))).rejects.toThrow(/is empty: no header row/);
    await expect(collect(write('bad-header.csv', '"id,name\n1,2\n'))).rejects.toThrow(/header row on line 1 cannot be read: unclosed quote/);
  });

  it('stops promptly on abort and closes the file', async () => {
    const file = writeLarge('abort.csv', 'id,name\n', 100_000, (i) => `${i},item ${i}\n`);
    const ctl = new AbortController();
    let seen = 0;
    let afterAbort = 0;
    let fdsWhileOpen = 0;
    for await (const ev of readTable(file, { signal: ctl.signal })) {
      if (ev.kind !== 'row') continue;
      if (ctl.signal.aborted) afterAbort++;
      if (++seen === 10) {
        if (process.platform === 'linux') fdsWhileOpen = openFds(file);
        ctl.abort();
      }
    }
    expect(seen).toBeGreaterThanOrEqual(10);
    expect(afterAbort).toBeLessThan(CHUNK / 'n,item n\n'.length);
    if (process.platform === 'linux') {
      expect(fdsWhileOpen).toBe(1);
      expect(openFds(file)).toBe(0);
    }
    expect(await collect(file, { signal: AbortSignal.abort() })).toEqual([]);
  });

  it('closes the file when the consumer stops early', async () => {
    const file = writeLarge('break.csv', 'id\n', 50_000, (i) => `${i}\n`);
    for await (const ev of readTable(file)) if (ev.kind === 'row') break;
    if (process.platform === 'linux') expect(openFds(file)).toBe(0);
  });
});

describe('readTable: volume', () => {
  it('streams a 200,000-row CSV and delivers every row (logs rows/s)', async () => {
    const total = 200_000;
    const file = writeLarge('volume.csv', 'id,name,score,flag\n', total, (i) => `${i},name${i},${(i % 1000) / 10},${i % 2 === 0}\n`);
    const started = performance.now();
    let count = 0;
    let inOrder = true;
    let last: Record<string, unknown> | undefined;
    for await (const ev of readTable(file)) {
      if (ev.kind === 'error') throw new Error(`unexpected error: ${ev.reason}`);
      if (ev.kind !== 'row') continue;
      if (ev.record.id !== String(count) || ev.line !== count + 2) inOrder = false;
      last = ev.record;
      count++;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`tabular: ${total} rows in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s`);
    expect(count).toBe(total);
    expect(inOrder).toBe(true);
    expect(last).toEqual({ id: '199999', name: 'name199999', score: '99.9', flag: 'false' });
  });

  it('reads 1,000,000 rows without heap growth in proportion to the file', async () => {
    const total = 1_000_000;
    const file = writeLarge('million.csv', 'id,name,score,flag\n', total, (i) => `${i},name${i},${i % 97},${i % 3 === 0}\n`);
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    for await (const ev of readTable(file)) {
      if (ev.kind === 'row' && (++count & 0x3fff) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
    expect(count).toBe(total);
    // Holding every row would take several hundred MB; a stream stays far below that.
    expect(peak).toBeLessThan(128 * 1024 * 1024);
  });
});

describe('formatFromPath', () => {
  it('maps extensions and sniffs .txt', () => {
    expect(formatFromPath('/x/a.csv')).toBe('csv');
    expect(formatFromPath('/x/A.CSV')).toBe('csv');
    expect(formatFromPath('a.tsv')).toBe('tsv');
    expect(formatFromPath('a.tab')).toBe('tsv');
    expect(formatFromPath('a.jsonl')).toBe('jsonl');
    expect(formatFromPath('a.ndjson')).toBe('jsonl');
    expect(formatFromPath('a.json-lines')).toBe('jsonl');
    expect(formatFromPath('a.json')).toBe(null);
    expect(formatFromPath('a.parquet')).toBe(null);
    expect(formatFromPath(write('t.txt', '\npath\tlabel\na,b\tc\n'))).toBe('tsv');
    expect(formatFromPath(write('c.txt', 'path,label\na,b\n'))).toBe('csv');
  });

  it('lets readTable sniff unknown extensions and honour an explicit format', async () => {
    const tsv = await collect(write('x.dat', 'a\tb\n1\t2\n'));
    expect(tsv[0]).toMatchObject({ format: 'tsv', columns: ['a', 'b'] });
    const jsonl = await collect(write('x.log', '{"a":1}\n'));
    expect(jsonl[0]).toMatchObject({ format: 'jsonl', columns: ['a'] });
    const forced = await collect(write('x.csv', 'a;b\tc\n1;2\t3\n'), { format: 'tsv' });
    expect(rows(forced)[0]?.record).toEqual({ 'a;b': '1;2', c: '3' });
  });
});

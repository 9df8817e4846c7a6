/**
 * The committed fixtures (test/fixtures, written by scripts/make-fixtures.ts)
 * and the bundled sample data (resources/sample-data, written by
 * scripts/make-sample-data.ts) are what the scripts and READMEs say they are.
 * Reads files only; nothing is generated here except bigPng into a temp dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BAD_IMAGES, BAD_WAVS, FIXTURES_DIR, GOOD_IMAGES, GOOD_WAVS, IMAGE_CLASSES, MANIFEST_MEDIA, TRAVERSAL_ROWS, bigPng,
} from '../../scripts/make-fixtures.ts';
import {
  CLIPS_PER_WORD, IMAGE_COUNTS, SAMPLE_DATA_DIR, SHAPES, SOURCES, TOPICS, UNLABELED_IMAGES, WORDS,
} from '../../scripts/make-sample-data.ts';

const fx = (...p: string[]): string => path.join(FIXTURES_DIR, ...p);
const sd = (...p: string[]): string => path.join(SAMPLE_DATA_DIR, ...p);

/** Regular files under `dir` (relative, posix), not following symlinks: images-bad/loop points back at itself. */
function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

const isPrintableAscii = (b: Buffer): boolean => b.length > 0 && b.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127));

async function decodes(file: string): Promise<boolean> {
  try {
    await sharp(file, { failOn: 'truncated' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Minimal RFC 4180 reader: quoted fields with "" escapes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('unclosed quote');
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

interface WavHeader {
  riffSize: number;
  tag: number;
  /** The sub-format for WAVE_FORMAT_EXTENSIBLE, else the tag. */
  format: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
  chunks: string[];
  dataDeclared: number;
  dataPresent: number;
}

/** Reads a WAV's RIFF structure with DataView, independently of the app's decoder. */
function readWavHeader(file: string): WavHeader {
  const buf = fs.readFileSync(file);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const id = (at: number): string => buf.toString('latin1', at, at + 4);
  if (buf.length < 12 || id(0) !== 'RIFF' || id(8) !== 'WAVE') throw new Error(`${file}: not RIFF/WAVE`);
  const h: Partial<WavHeader> = { riffSize: v.getUint32(4, true), chunks: [] };
  let at = 12;
  while (at + 8 <= buf.length) {
    const cid = id(at);
    const size = v.getUint32(at + 4, true);
    h.chunks!.push(cid);
    if (cid === 'fmt ') {
      h.tag = v.getUint16(at + 8, true);
      h.channels = v.getUint16(at + 10, true);
      h.sampleRate = v.getUint32(at + 12, true);
      h.byteRate = v.getUint32(at + 16, true);
      h.blockAlign = v.getUint16(at + 20, true);
      h.bits = v.getUint16(at + 22, true);
      h.format = h.tag === 0xfffe && size >= 40 ? v.getUint16(at + 32, true) : h.tag;
    } else if (cid === 'data') {
      h.dataDeclared = size;
      h.dataPresent = Math.min(size, buf.length - at - 8);
      break;
    }
    at += 8 + size + (size % 2);
  }
  if (h.tag === undefined || h.dataDeclared === undefined) throw new Error(`${file}: no fmt or data chunk`);
  return h as WavHeader;
}

describe('test/fixtures', () => {
  it('stays small (under 600 KB) and every listed fixture exists', () => {
    const all = walk(FIXTURES_DIR);
    const bytes = all.reduce((n, f) => n + fs.statSync(fx(f)).size, 0);
    expect(bytes).toBeLessThan(600 * 1024);
    // features/ holds the MFCC reference and tabular/ the house sales, each made by its own script (see their README.md).
    const files = all.filter((f) => !f.startsWith('features/') && !f.startsWith('tabular/'));
    const listed = [
      ...IMAGE_CLASSES.flatMap((c) => GOOD_IMAGES[c].map((g) => `images-good/${c}/${g.file}`)),
      ...BAD_IMAGES.map((b) => `images-bad/cat/${b.file}`),
      ...(['yes', 'no'] as const).flatMap((w) => GOOD_WAVS[w].map((g) => `audio-good/${w}/${g.file}`)),
      ...BAD_WAVS.map((b) => `audio-bad/yes/${b.file}`),
      ...MANIFEST_MEDIA.map((m) => `manifests/${m.path}`),
      ...['images.csv', 'images.jsonl', 'traversal.csv'].map((f) => `manifests/${f}`),
      ...['good.csv', 'good.tsv', 'good.jsonl', 'bom.csv', 'latin1.csv', 'ragged.csv', 'unclosed-quote.csv', 'no-label.csv', 'dup-ids.csv', 'bad.jsonl'].map((f) => `text/${f}`),
      'README.md',
    ].sort();
    expect(files).toEqual(listed);
  });

  it('images-good: each decodes with sharp to the stated format and size', async () => {
    for (const cls of IMAGE_CLASSES) {
      for (const g of GOOD_IMAGES[cls]) {
        const file = fx('images-good', cls, g.file);
        const m = await sharp(file).metadata();
        expect([g.file, m.format, m.width, m.height]).toEqual([g.file, g.format, g.width, g.height]);
        if (g.format === 'heif') expect(m.compression).toBe('av1');
        expect(await decodes(file), g.file).toBe(true);
      }
    }
  });

  it('images-bad: the bad ones fail to decode, the good and the misnamed ones decode', async () => {
    const dir = fx('images-bad', 'cat');
    expect(fs.statSync(path.join(dir, 'zero.jpg')).size).toBe(0);

    const truncated = fs.readFileSync(path.join(dir, 'truncated.jpg'));
    expect([...truncated.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(truncated.includes(Buffer.from([0xff, 0xd9]), truncated.length - 2)).toBe(false); // no end-of-image marker
    expect((await sharp(truncated).metadata()).width).toBe(64); // the header alone still parses

    const corrupt = fs.readFileSync(path.join(dir, 'corrupt.png'));
    expect([...corrupt.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expect(sharp(corrupt).metadata()).rejects.toThrow();

    const text = fs.readFileSync(path.join(dir, 'text.jpg'));
    expect(isPrintableAscii(text)).toBe(true);
    await expect(sharp(text).metadata()).rejects.toThrow();

    const fake = fs.readFileSync(path.join(dir, 'fake.png'));
    expect([...fake.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]); // a JPEG, named .png
    expect((await sharp(fake).metadata()).format).toBe('jpeg');

    for (const b of BAD_IMAGES) expect(await decodes(path.join(dir, b.file)), b.file).toBe(b.imports);

    const loop = fx('images-bad', 'loop');
    expect(fs.lstatSync(loop).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(loop)).toBe('.');
    expect(fs.realpathSync(loop)).toBe(fs.realpathSync(fx('images-bad')));
  });

  it('text: the CSV/TSV/JSONL files have the stated shape and encoding', () => {
    const read = (f: string): string => fs.readFileSync(fx('text', f), 'utf8');

    const good = parseCsv(read('good.csv'));
    expect(good[0]).toEqual(['id', 'text', 'label', 'date', 'author']);
    expect(good).toHaveLength(13);
    expect(good.every((r) => r.length === 5)).toBe(true);
    expect(good.some((r) => r[1]!.includes('\n'))).toBe(true);
    expect(good.some((r) => r[1]!.includes('"'))).toBe(true);

    const tsv = read('good.tsv').trimEnd().split('\n').map((l) => l.split('\t'));
    expect(tsv[0]).toEqual(['id', 'text', 'label', 'date', 'author']);
    expect(tsv).toHaveLength(12);
    expect(tsv.every((r) => r.length === 5)).toBe(true);

    const jsonl = read('good.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(jsonl).toHaveLength(12);
    expect(jsonl.every((o) => typeof o.text === 'string' && typeof o.label === 'string' && typeof o.likes === 'number')).toBe(true);

    const bom = fs.readFileSync(fx('text', 'bom.csv'));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.toString('utf8', 3)).toMatch(/^id,text,label\r\n/);

    const latin1 = fs.readFileSync(fx('text', 'latin1.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(latin1)).toThrow();
    expect(latin1.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(true); // "caf" + é in Latin-1
    const latinText = latin1.toString('latin1');
    for (const w of ['café', 'naïve', 'São Paulo']) expect(latinText).toContain(w);

    const ragged = read('ragged.csv').trimEnd().split('\n').map((l) => l.split(',').length);
    expect(ragged).toEqual([4, 4, 4, 5, 4, 2, 4]);

    const unclosed = read('unclosed-quote.csv');
    expect(unclosed.split('"')).toHaveLength(2); // exactly one quote
    expect(unclosed.split('\n')[2]).toMatch(/^q2,"/);
    expect(() => parseCsv(unclosed)).toThrow('unclosed quote');

    expect(parseCsv(read('no-label.csv'))[0]).toEqual(['id', 'text', 'date']);

    const dups = parseCsv(read('dup-ids.csv')).slice(1);
    const d2 = dups.filter((r) => r[0] === 'd2');
    expect(d2).toHaveLength(2);
    expect(d2[0]![1]).not.toBe(d2[1]![1]);

    const lines = read('bad.jsonl').trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    const kinds = lines.map((l) => {
      if (l.trim() === '') return 'blank';
      try {
        const v: unknown = JSON.parse(l);
        return v !== null && typeof v === 'object' && !Array.isArray(v) ? 'object' : 'not-object';
      } catch {
        return 'invalid';
      }
    });
    expect(kinds).toEqual(['object', 'invalid', 'object', 'not-object', 'not-object', 'not-object', 'invalid', 'blank', 'object']);
  });

  it('manifests: good rows point at files inside the manifest folder, traversal rows are what they say', async () => {
    const dir = fx('manifests');
    const csv = parseCsv(fs.readFileSync(path.join(dir, 'images.csv'), 'utf8'));
    expect(csv[0]).toEqual(['path', 'label', 'photographer', 'format']);
    const jsonl = fs.readFileSync(path.join(dir, 'images.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { path: string; label: string });
    expect(csv.slice(1).map((r) => [r[0], r[1]])).toEqual(MANIFEST_MEDIA.map((m) => [m.path, m.label]));
    expect(jsonl.map((r) => [r.path, r.label])).toEqual(MANIFEST_MEDIA.map((m) => [m.path, m.label]));
    for (const m of MANIFEST_MEDIA) {
      const meta = await sharp(path.join(dir, m.path)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([m.format, m.width, m.height]);
    }

    const rows = parseCsv(fs.readFileSync(path.join(dir, 'traversal.csv'), 'utf8'));
    expect(rows.slice(1).map((r) => r[0])).toEqual(TRAVERSAL_ROWS.map((r) => r.path));
    for (const r of TRAVERSAL_ROWS) {
      const abs = path.resolve(dir, r.path);
      const inside = !path.isAbsolute(r.path) && !path.relative(dir, abs).startsWith('..');
      expect(inside && fs.existsSync(abs), r.path).toBe(r.imports);
    }
    expect(TRAVERSAL_ROWS.some((r) => path.isAbsolute(r.path))).toBe(true);
    expect(TRAVERSAL_ROWS.some((r) => r.path.startsWith('../../../'))).toBe(true);
    expect(TRAVERSAL_ROWS.some((r) => !r.imports && !path.isAbsolute(r.path) && fs.existsSync(path.resolve(dir, r.path)))).toBe(true); // exists, but outside
  });

  it('audio-good: WAV headers have the stated rate, channels, bits, format and length', () => {
    for (const word of ['yes', 'no'] as const) {
      for (const g of GOOD_WAVS[word]) {
        const h = readWavHeader(fx('audio-good', word, g.file));
        expect([g.file, h.sampleRate, h.channels, h.bits, h.tag, h.format]).toEqual([g.file, g.sampleRate, g.channels, g.bits, g.tag, g.format]);
        expect(h.blockAlign).toBe((g.channels * g.bits) / 8);
        expect(h.byteRate).toBe(g.sampleRate * h.blockAlign);
        expect(h.dataPresent).toBe(h.dataDeclared);
        expect(h.dataDeclared / h.byteRate).toBeCloseTo(g.seconds, 2);
      }
    }
    const list = readWavHeader(fx('audio-good', 'no', 's16-22k-list-chunk.wav'));
    expect(list.chunks).toEqual(['fmt ', 'LIST', 'junk', 'data']);
    const rates = new Set(Object.values(GOOD_WAVS).flat().map((g) => g.sampleRate));
    for (const r of [8000, 16000, 44100]) expect(rates.has(r)).toBe(true);
  });

  it('audio-bad: each file is broken in the stated way', () => {
    const dir = fx('audio-bad', 'yes');
    expect(fs.statSync(path.join(dir, 'zero.wav')).size).toBe(0);
    expect(isPrintableAscii(fs.readFileSync(path.join(dir, 'text.wav')))).toBe(true);
    const broken = readWavHeader(path.join(dir, 'broken-header.wav'));
    expect([broken.tag, broken.channels, broken.sampleRate]).toEqual([0x1234, 0, 0]);
    const truncated = readWavHeader(path.join(dir, 'truncated.wav'));
    expect([truncated.sampleRate, truncated.bits, truncated.dataDeclared, truncated.dataPresent]).toEqual([16000, 16, 320000, 3200]);
    const ok = readWavHeader(path.join(dir, 'ok.wav'));
    expect([ok.tag, ok.sampleRate, ok.channels, ok.bits, ok.dataPresent]).toEqual([1, 16000, 1, 16, 9600]);
    expect(BAD_WAVS.filter((b) => b.imports).map((b) => b.file)).toEqual(['ok.wav']);
  });
});

describe('bigPng', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-bigpng-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes a valid PNG whose header says 30000×30000, under 2 MB', async () => {
    const file = path.join(tmp, 'big.png');
    const r = await bigPng(file);
    const buf = fs.readFileSync(file);
    expect(r.bytes).toBe(buf.length);
    expect(buf.length).toBeLessThan(2 * 1024 * 1024);
    expect(buf.length).toBeGreaterThan(100 * 1024);
    const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(buf.toString('latin1', 12, 16)).toBe('IHDR');
    expect([v.getUint32(16), v.getUint32(20)]).toEqual([30000, 30000]);
    expect(buf.toString('latin1', buf.length - 8, buf.length - 4)).toBe('IEND');
    const m = await sharp(file, { limitInputPixels: false }).metadata();
    expect([m.format, m.width, m.height]).toEqual(['png', 30000, 30000]);
    // sharp's default pixel limit (about 268 Mpx) refuses it before decoding.
    await expect(sharp(file).raw().toBuffer()).rejects.toThrow(/pixel limit/);
  });

  it('takes a smaller side too, and that one decodes to black', async () => {
    const file = path.join(tmp, 'small.png');
    await bigPng(file, 300);
    const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([300, 300]);
    expect(data.every((b) => b === 0)).toBe(true);
  });
});

describe('resources/sample-data', () => {
  const pngHeader = (file: string): { width: number; height: number; colourType: number; bitDepth: number } => {
    const b = Buffer.alloc(29);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, b, 0, 29, 0);
    } finally {
      fs.closeSync(fd);
    }
    expect(b.toString('latin1', 1, 4)).toBe('PNG');
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bitDepth: b[24]!, colourType: b[25]! };
  };

  it('stays under ~4 MB and has a LICENSES.md that covers espeak-ng and CC0', () => {
    const bytes = walk(SAMPLE_DATA_DIR).reduce((n, f) => n + fs.statSync(sd(f)).size, 0);
    expect(bytes).toBeLessThan(4.2e6);
    const lic = fs.readFileSync(sd('LICENSES.md'), 'utf8');
    for (const s of ['make-sample-data.ts', 'CC0', 'eSpeak NG', 'GPL-3.0', 'SoX', 'sharp']) expect(lic).toContain(s);
  });

  it('images: 4 classes of 60–80 64×64 RGB PNGs (~280), plus ~20 unlabeled', async () => {
    expect(fs.readdirSync(sd('images')).sort()).toEqual([...SHAPES].sort());
    let total = 0;
    for (const cls of SHAPES) {
      const files = fs.readdirSync(sd('images', cls));
      expect(files.length, cls).toBe(IMAGE_COUNTS[cls]);
      expect(files.length).toBeGreaterThanOrEqual(60);
      expect(files.length).toBeLessThanOrEqual(80);
      expect(files.every((f) => /^\d{3}\.png$/.test(f))).toBe(true);
      for (const f of files) expect(pngHeader(sd('images', cls, f))).toEqual({ width: 64, height: 64, bitDepth: 8, colourType: 2 });
      total += files.length;
    }
    expect(total).toBeGreaterThanOrEqual(250);
    expect(total).toBeLessThanOrEqual(310);
    const unlabeled = fs.readdirSync(sd('images-unlabeled'));
    expect(unlabeled).toHaveLength(UNLABELED_IMAGES);
    expect(unlabeled.length).toBeGreaterThanOrEqual(15);
    expect(unlabeled.length).toBeLessThanOrEqual(30);
    const m = await sharp(sd('images', 'star', '000.png')).stats();
    expect(m.channels).toHaveLength(3);
  });

  it('text/reviews.csv: ~300 posts in 4 topics, ~10% unlabeled, dates in 2023–2024', () => {
    const raw = fs.readFileSync(sd('text', 'reviews.csv'), 'utf8');
    const rows = parseCsv(raw);
    expect(rows[0]).toEqual(['id', 'text', 'label', 'date', 'source']);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThanOrEqual(280);
    expect(body.length).toBeLessThanOrEqual(320);
    expect(new Set(body.map((r) => r[0])).size).toBe(body.length);
    const labels = new Set<string>(body.map((r) => r[2]!));
    expect([...labels].filter(Boolean).sort()).toEqual([...TOPICS].sort());
    const unlabeled = body.filter((r) => r[2] === '').length / body.length;
    expect(unlabeled).toBeGreaterThan(0.05);
    expect(unlabeled).toBeLessThan(0.15);
    for (const r of body) {
      expect(r, r[0]).toHaveLength(5);
      const words = r[1]!.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      expect(words, r[1]).toBeGreaterThanOrEqual(8);
      expect(words, r[1]).toBeLessThanOrEqual(25);
      expect(r[3]! >= '2023-01-01' && r[3]! <= '2024-12-31' && /^\d{4}-\d{2}-\d{2}$/.test(r[3]!), r[3]).toBe(true);
      expect(SOURCES as readonly string[]).toContain(r[4]);
    }
    expect(body.some((r) => r[1]!.includes('"') && r[1]!.includes(','))).toBe(true);
    for (const w of ['café', 'naïve', 'São Paulo']) expect(raw).toContain(w);
  });

  it('audio: 4 words × ~30 clips of 1.0 s 8 kHz mono 16-bit PCM, each listed once in speakers.csv', () => {
    expect(fs.readdirSync(sd('audio')).filter((f) => !f.endsWith('.csv')).sort()).toEqual([...WORDS].sort());
    const clips: string[] = [];
    for (const w of WORDS) {
      const files = fs.readdirSync(sd('audio', w)).sort();
      expect(files).toHaveLength(CLIPS_PER_WORD);
      expect(files.length).toBeGreaterThanOrEqual(25);
      expect(files.length).toBeLessThanOrEqual(35);
      for (const f of files) {
        const h = readWavHeader(sd('audio', w, f));
        expect([h.tag, h.sampleRate, h.channels, h.bits, h.dataDeclared, h.dataPresent]).toEqual([1, 8000, 1, 16, 16000, 16000]);
        clips.push(`${w}/${f}`);
      }
    }
    const speakers = fs.readFileSync(sd('audio', 'speakers.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    expect(speakers[0]).toEqual(['path', 'speaker']);
    expect(speakers.slice(1).map((r) => r[0]).sort()).toEqual(clips.sort());
    const bySpeaker = new Map<string, number>();
    for (const [, s] of speakers.slice(1)) bySpeaker.set(s!, (bySpeaker.get(s!) ?? 0) + 1);
    expect(bySpeaker.size).toBeGreaterThanOrEqual(5);
    expect(Math.min(...bySpeaker.values())).toBeGreaterThanOrEqual(4); // enough clips per group for a grouped split
  });
});

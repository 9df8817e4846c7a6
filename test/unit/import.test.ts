// Import on real files: every image format through sharp, WAV decoding,
// CSV/JSONL manifests; idempotent re-import and changed-file detection; and
// bad input (corrupt, truncated, empty, wrong extension, pixel bombs, path
// traversal, symlink loops, ragged CSV, duplicate ids) as per-item errors
// while the good files import.
import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/main/services/datasets/media/wav.ts';
import { digitsSubset, importAndWait, projectPerTest, tempDir, writeCsv } from '../helpers/project.ts';
import { writeBigPng } from '../helpers/bomb.ts';

const project = projectPerTest();

function sine(freq: number, sec: number, rate: number, channels = 1): Float32Array[] {
  return Array.from({ length: channels }, () => Float32Array.from({ length: Math.round(sec * rate) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / rate)));
}

async function imageFolder(): Promise<string> {
  const dir = tempDir();
  const base = sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } });
  const formats: Array<[string, (s: Sharp) => Sharp]> = [
    ['a.jpg', (s) => s.jpeg()], ['b.png', (s) => s.png()], ['c.webp', (s) => s.webp()],
    ['d.gif', (s) => s.gif()], ['e.tiff', (s) => s.tiff()], ['f.avif', (s) => s.avif()],
  ];
  fs.mkdirSync(path.join(dir, 'blue'), { recursive: true });
  for (const [name, fmt] of formats) await fmt(base.clone()).toFile(path.join(dir, 'blue', name));
  return dir;
}

describe('image import', () => {
  it('imports JPEG, PNG, WebP, GIF, TIFF and AVIF with thumbnails and dimensions', async () => {
    const p = await project();
    const s = await importAndWait(p.api, { source: await imageFolder() });
    expect(s).toMatchObject({ imported: 6, errors: [], labels: { blue: 6 } });
    const page = await p.api.call('samples.list', { datasetId: s.datasetId });
    const formats = await Promise.all(page.items.map(async (r) => (await p.api.call('samples.get', { id: r.id })).format));
    expect(formats.sort()).toEqual(['avif', 'gif', 'jpeg', 'png', 'tiff', 'webp']);
    for (const r of page.items) {
      expect([r.width, r.height]).toEqual([40, 30]);
      const thumbs = fs.readdirSync(path.join(p.dir, 'cache', 'thumbs'), { recursive: true }) as string[];
      expect(thumbs.some((t) => t.endsWith('.webp'))).toBe(true);
    }
  });

  it('is idempotent and detects changed files by content hash', async () => {
    const p = await project();
    const src = digitsSubset(['4', '5'], 6);
    const first = await importAndWait(p.api, { source: src });
    expect(first.imported).toBe(12);
    const again = await importAndWait(p.api, { source: src });
    expect(again).toMatchObject({ imported: 0, updated: 0, skipped: 12, total: 12 });
    const victim = path.join(src, '4', fs.readdirSync(path.join(src, '4'))[0]!);
    await sharp({ create: { width: 50, height: 20, channels: 3, background: '#ff0000' } }).png().toFile(victim + '.tmp.png');
    fs.renameSync(victim + '.tmp.png', victim);
    const third = await importAndWait(p.api, { source: src });
    expect(third).toMatchObject({ imported: 0, updated: 1, skipped: 11, total: 12 });
    const changed = (await p.api.call('samples.list', { datasetId: first.datasetId, filter: { search: path.basename(victim, '.png') } })).items;
    expect(changed.find((r) => r.key.endsWith(`4/${path.basename(victim)}`))).toMatchObject({ width: 50, height: 20 });
  });

  it('reports bad files one by one and imports the good ones', async () => {
    const p = await project();
    const dir = digitsSubset(['7'], 3);
    const bad = path.join(dir, '7');
    const good = fs.readFileSync(path.join(bad, fs.readdirSync(bad)[0]!));
    fs.writeFileSync(path.join(bad, 'zero.jpg'), '');
    fs.writeFileSync(path.join(bad, 'text.jpg'), 'this is not an image at all\n');
    fs.writeFileSync(path.join(bad, 'corrupt.png'), Buffer.concat([good.subarray(0, 8), Buffer.alloc(200, 7)]));
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).jpeg().toBuffer();
    fs.writeFileSync(path.join(bad, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    fs.writeFileSync(path.join(bad, 'fake.png'), jpeg);
    await writeBigPng(path.join(bad, 'bomb.png'), 30000, 30000);
    fs.symlinkSync('..', path.join(bad, 'loop'));
    fs.writeFileSync(path.join(bad, 'notes.txt'), 'ignored');
    const s = await importAndWait(p.api, { source: dir });
    const reasons = Object.fromEntries(s.errors.map((e) => [path.basename(e.item), e.reason]));
    expect(s.imported).toBe(4); // 3 digits + the JPEG named .png
    expect(reasons['zero.jpg']).toMatch(/empty file/);
    expect(reasons['text.jpg']).toMatch(/not a supported image/);
    expect(reasons['corrupt.png']).toMatch(/corrupt|truncated|not a supported/);
    expect(reasons['truncated.jpg']).toMatch(/truncated/);
    expect(reasons['bomb.png']).toMatch(/30000×30000.*pixel limit/);
    expect(reasons['loop']).toMatch(/symlink loop/);
    expect(s.warnings.join('\n')).toMatch(/fake\.png: content is jpeg but the file is named \.png/);
    expect(s.warnings.join('\n')).toMatch(/1 file\(s\) that are not image were ignored/);
  });

  it('imports a manifest, refuses paths that leave its folder, and keeps extra columns as metadata', async () => {
    const p = await project();
    const dir = digitsSubset(['1', '2'], 2, path.join(tempDir(), 'data'));
    const rel = (c: string) => `${c}/${fs.readdirSync(path.join(dir, c))[0]}`;
    const manifest = writeCsv(path.join(dir, 'labels.csv'), ['path', 'label', 'source'], [
      [rel('1'), 'one', 'scanner-a'], [rel('2'), 'two', 'scanner-b'], ['../../../etc/passwd', 'x', 's'], ['/etc/hostname', 'x', 's'],
      ['missing.png', 'x', 's'], [rel('1'), 'one', 'again'],
    ]);
    const s = await importAndWait(p.api, { source: manifest });
    expect(s.imported).toBe(2);
    expect(s.errors.map((e) => e.reason)).toEqual([
      'path escapes the source folder: ../../../etc/passwd',
      'absolute paths are not allowed in a manifest: /etc/hostname',
      'file not found: missing.png',
      `duplicate path ${rel('1')} (first on line 2)`,
    ]);
    const keys = await p.api.call('samples.metaKeys', { datasetId: s.datasetId });
    expect(keys).toEqual([{ key: 'source', values: [{ value: 'scanner-a', count: 1 }, { value: 'scanner-b', count: 1 }] }]);
    const filtered = await p.api.call('samples.list', { datasetId: s.datasetId, filter: { meta: { key: 'source', value: 'scanner-b' } } });
    expect(filtered.items.map((r) => r.labelId !== null)).toEqual([true]);
  });
});

describe('text import', () => {
  it('imports CSV with ids, labels and metadata; reports ragged rows, duplicate ids, empty text', async () => {
    const p = await project();
    const dir = tempDir();
    const file = path.join(dir, 'posts.csv');
    fs.writeFileSync(file, '\uFEFFid,text,label,date\n1,"Hello, world",greet,2024-01-02\n2,Goodbye,bye,2024-02-03\n3,too,many,fields,here\n1,dup id,greet,2024-01-01\n4,,greet,2024-01-01\n5,"multi\nline",,2024-03-04\n');
    const s = await importAndWait(p.api, { source: file });
    expect(s).toMatchObject({ dataset: 'text', imported: 3, labels: { greet: 1, bye: 1, '(unlabeled)': 1 } });
    expect(s.errors).toEqual([
      { item: 'posts.csv:4', reason: 'expected 4 fields, found 5' },
      { item: 'posts.csv:5', reason: 'duplicate id "1" (first on line 2)' },
      { item: 'posts.csv:6', reason: 'empty "text"' },
    ]);
    const found = await p.api.call('samples.list', { datasetId: s.datasetId, filter: { search: 'hello' } });
    expect(found.items.map((r) => [r.key, r.text])).toEqual([['1', 'Hello, world']]);
  });

  it('reads Latin-1 files and JSONL with typed values, and survives an unclosed quote', async () => {
    const p = await project();
    const dir = tempDir();
    const latin = path.join(dir, 'latin.csv');
    fs.writeFileSync(latin, Buffer.from('text,label\ncaf\xe9 au lait,food\nna\xefve,other\n', 'latin1'));
    const s1 = await importAndWait(p.api, { source: latin });
    expect(s1.imported).toBe(2);
    expect(s1.warnings.join()).toMatch(/Latin-1/);
    const page = await p.api.call('samples.list', { datasetId: s1.datasetId });
    expect(page.items.map((r) => r.text).sort()).toEqual(['café au lait', 'naïve']);

    const jsonl = path.join(dir, 'rows.jsonl');
    fs.writeFileSync(jsonl, '{"id":"a","text":"first","label":"x","score":0.5}\nnot json\n[1,2]\n{"id":"b","text":"second","label":"y","score":2}\n');
    const s2 = await importAndWait(p.api, { source: jsonl, dataset: 'jsonl' });
    expect(s2.imported).toBe(2);
    expect(s2.errors.map((e) => e.item)).toEqual(['rows.jsonl:2', 'rows.jsonl:3']);

    const quote = path.join(dir, 'quote.csv');
    fs.writeFileSync(quote, 'id,text,label\n1,fine,a\n2,"broken,a\n3,still fine,b\n4,also fine,b\n');
    const s3 = await importAndWait(p.api, { source: quote, dataset: 'quote' });
    expect(s3.imported).toBe(3);
    expect(s3.errors).toHaveLength(1);
    expect(s3.errors[0]!.reason).toMatch(/unclosed quote/);
  });

  it('fails the job with a clear message when the text column is missing', async () => {
    const p = await project();
    const file = writeCsv(path.join(tempDir(), 'x.csv'), ['body', 'label'], [['a', 'b']]);
    const { jobId } = await p.api.call('import.start', { source: file, modality: 'text' });
    const job = await p.api.call('jobs.wait', { jobId });
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/no "text" column; its columns are: body, label/);
  });
});

describe('audio import', () => {
  it('records duration, rate and channels of WAVs in several encodings and reports broken ones', async () => {
    const p = await project();
    const dir = path.join(tempDir(), 'words');
    fs.mkdirSync(path.join(dir, 'yes'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'yes', 'mono16.wav'), encodeWav({ sampleRate: 16000, channels: sine(440, 0.5, 16000) }));
    fs.writeFileSync(path.join(dir, 'yes', 'stereo-float.wav'), encodeWav({ sampleRate: 8000, channels: sine(300, 0.25, 8000, 2) }, { bitsPerSample: 32, float: true }));
    fs.writeFileSync(path.join(dir, 'yes', 'broken.wav'), Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt junkjunkjunk', 'latin1'));
    fs.writeFileSync(path.join(dir, 'yes', 'song.mp3'), Buffer.from('ID3 not really'));
    const s = await importAndWait(p.api, { source: dir });
    expect(s).toMatchObject({ dataset: 'audio', imported: 2 });
    expect(s.errors.map((e) => path.basename(e.item)).sort()).toEqual(['broken.wav', 'song.mp3']);
    expect(s.errors.find((e) => e.item.endsWith('song.mp3'))!.reason).toMatch(/MP3 audio is not supported yet: convert it to WAV/);
    const rows = (await p.api.call('samples.list', { datasetId: s.datasetId })).items;
    const details = await Promise.all(rows.map((r) => p.api.call('samples.get', { id: r.id })));
    const byName = Object.fromEntries(details.map((d) => [path.basename(d.key), d]));
    expect(byName['mono16.wav']).toMatchObject({ sampleRate: 16000, channels: 1, format: 'wav-16', hasThumb: true });
    expect(byName['mono16.wav']!.durationSec).toBeCloseTo(0.5, 5);
    expect(byName['stereo-float.wav']).toMatchObject({ sampleRate: 8000, channels: 2, format: 'wav-f32' });
  });
});

/**
 * Writes test/fixtures: small, committed inputs for the importer's tests
 * (good and bad images, CSV/TSV/JSONL files, manifests, good and bad WAVs),
 * and exports bigPng() for the one big fixture that tests make on demand.
 *
 * Run: node scripts/make-fixtures.ts   (Node 24, or ./node_modules/.bin/node
 * when the system node is older; needs sharp from npm and
 * Debian's sox: apt-get install -y sox). Deterministic: colours and garbage
 * bytes come from a seeded generator, sox runs with dither off (-D) and in
 * repeatable mode (-R). test/fixtures/README.md says what each file is and
 * what an importer should do with it; test/unit/fixtures.test.ts checks it.
 *
 * Importing this module (as the tests do) writes nothing; only running it does.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', 'test', 'fixtures');

// ---------------------------------------------------------------------------
// Seeded generator (mulberry32): the only source of randomness here.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------
// What the fixtures are: the tests read these tables, so script and test agree.

export const IMAGE_CLASSES = ['cat', 'dog', 'bird'] as const;

/** `format` is what sharp's metadata() reports (AVIF is read through libheif: 'heif'). */
export interface GoodImage {
  file: string;
  format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'heif';
  width: number;
  height: number;
}

/** images-good/<class>/<file>: one of each format per class; extensions vary in spelling on purpose. */
export const GOOD_IMAGES: Record<(typeof IMAGE_CLASSES)[number], GoodImage[]> = {
  cat: [
    { file: 'cat-1.jpg', format: 'jpeg', width: 32, height: 32 },
    { file: 'cat-2.png', format: 'png', width: 32, height: 32 },
    { file: 'cat-3.webp', format: 'webp', width: 40, height: 30 },
    { file: 'cat-4.gif', format: 'gif', width: 30, height: 40 },
    { file: 'cat-5.tif', format: 'tiff', width: 32, height: 32 },
    { file: 'cat-6.avif', format: 'heif', width: 48, height: 32 },
  ],
  dog: [
    { file: 'dog-1.jpeg', format: 'jpeg', width: 32, height: 32 },
    { file: 'dog-2.png', format: 'png', width: 24, height: 32 },
    { file: 'dog-3.webp', format: 'webp', width: 32, height: 32 },
    { file: 'dog-4.gif', format: 'gif', width: 32, height: 32 },
    { file: 'dog-5.tiff', format: 'tiff', width: 40, height: 30 },
    { file: 'dog-6.avif', format: 'heif', width: 32, height: 32 },
  ],
  bird: [
    { file: 'bird-1.JPG', format: 'jpeg', width: 40, height: 30 },
    { file: 'bird-2.PNG', format: 'png', width: 32, height: 32 },
    { file: 'bird-3.webp', format: 'webp', width: 32, height: 32 },
    { file: 'bird-4.gif', format: 'gif', width: 32, height: 24 },
    { file: 'bird-5.tif', format: 'tiff', width: 32, height: 32 },
    { file: 'bird-6.avif', format: 'heif', width: 32, height: 32 },
  ],
};

/** images-bad/cat/<file>: `imports` says whether the importer should accept it. */
export const BAD_IMAGES: { file: string; imports: boolean; what: string }[] = [
  { file: 'zero.jpg', imports: false, what: 'empty file (0 bytes)' },
  { file: 'truncated.jpg', imports: false, what: 'a valid 64×64 JPEG cut to half its bytes: the header parses, the scan data ends early' },
  { file: 'corrupt.png', imports: false, what: 'the 8-byte PNG signature followed by random bytes' },
  { file: 'text.jpg', imports: false, what: 'a plain ASCII text file named .jpg' },
  { file: 'fake.png', imports: true, what: 'a valid JPEG saved with a .png extension (decodable; worth a warning)' },
  { file: 'ok-1.png', imports: true, what: 'a good 32×32 PNG' },
  { file: 'ok-2.jpg', imports: true, what: 'a good 32×32 JPEG' },
];

export interface GoodWav {
  file: string;
  sampleRate: number;
  channels: number;
  bits: number;
  /** 1 = PCM integer, 3 = IEEE float; WAVE_FORMAT_EXTENSIBLE files report their sub-format here. */
  format: 1 | 3;
  /** The fmt chunk's own tag: 1, 3 or 0xfffe (WAVE_FORMAT_EXTENSIBLE, which sox writes for >16 bits or >2 channels). */
  tag: 1 | 3 | 0xfffe;
  seconds: number;
  /** Made by sox (a real encoder) or by this script (for the extra-chunk case). */
  by: 'sox' | 'script';
}

/** audio-good/<yes|no>/<file>. */
export const GOOD_WAVS: Record<'yes' | 'no', GoodWav[]> = {
  yes: [
    { file: 'u8-8k.wav', sampleRate: 8000, channels: 1, bits: 8, format: 1, tag: 1, seconds: 0.3, by: 'sox' },
    { file: 's16-16k.wav', sampleRate: 16000, channels: 1, bits: 16, format: 1, tag: 1, seconds: 0.4, by: 'sox' },
    { file: 's24-16k.wav', sampleRate: 16000, channels: 1, bits: 24, format: 1, tag: 0xfffe, seconds: 0.3, by: 'sox' },
    { file: 's32-44k.wav', sampleRate: 44100, channels: 1, bits: 32, format: 1, tag: 0xfffe, seconds: 0.2, by: 'sox' },
    { file: 'f32-16k.wav', sampleRate: 16000, channels: 1, bits: 32, format: 3, tag: 3, seconds: 0.3, by: 'sox' },
  ],
  no: [
    { file: 's16-44k-stereo.wav', sampleRate: 44100, channels: 2, bits: 16, format: 1, tag: 1, seconds: 0.25, by: 'sox' },
    { file: 's16-8k.wav', sampleRate: 8000, channels: 1, bits: 16, format: 1, tag: 1, seconds: 0.5, by: 'sox' },
    { file: 'f32-8k-stereo.wav', sampleRate: 8000, channels: 2, bits: 32, format: 3, tag: 3, seconds: 0.3, by: 'sox' },
    { file: 's16-22k-list-chunk.wav', sampleRate: 22050, channels: 1, bits: 16, format: 1, tag: 1, seconds: 0.3, by: 'script' },
  ],
};

/** audio-bad/yes/<file>. */
export const BAD_WAVS: { file: string; imports: boolean; what: string }[] = [
  { file: 'broken-header.wav', imports: false, what: 'RIFF/WAVE header whose fmt chunk is garbage (unknown format tag, 0 channels, 0 Hz)' },
  { file: 'zero.wav', imports: false, what: 'empty file (0 bytes)' },
  { file: 'text.wav', imports: false, what: 'a plain ASCII text file named .wav' },
  { file: 'truncated.wav', imports: false, what: '16 kHz 16-bit mono header whose data chunk claims 10 s (320000 bytes); 0.1 s (3200 bytes) present' },
  { file: 'ok.wav', imports: true, what: 'a good 16 kHz 16-bit mono WAV, 0.3 s' },
];

// ---------------------------------------------------------------------------
// bigPng: a real PNG whose header says 30000×30000, for decompression-bomb tests.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Writes a valid 8-bit grayscale PNG of `side`×`side` black pixels to `file`:
 * every row is a filter byte and `side` zero bytes, deflated at level 9 and
 * streamed, so memory stays small. At the default 30000×30000 the file is
 * about 0.9 MB but decodes to 900 MB. Takes a second or two. Not committed:
 * tests call it into a temp folder.
 */
export async function bigPng(file: string, side = 30000): Promise<{ bytes: number; width: number; height: number }> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: grayscale
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const rowBytes = side + 1;
  const rowsPerBlock = Math.max(1, Math.floor((4 << 20) / rowBytes));
  async function* rows(): AsyncGenerator<Buffer> {
    const block = Buffer.alloc(rowBytes * rowsPerBlock); // all zero: filter 0, black pixels; never mutated
    for (let left = side; left > 0; left -= rowsPerBlock) {
      yield left >= rowsPerBlock ? block : block.subarray(0, left * rowBytes);
    }
  }
  async function* chunks(deflated: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    yield PNG_SIGNATURE;
    yield pngChunk('IHDR', ihdr);
    let pending: Buffer[] = [];
    let size = 0;
    for await (const c of deflated) {
      pending.push(c);
      size += c.length;
      if (size >= 1 << 18) {
        yield pngChunk('IDAT', Buffer.concat(pending));
        pending = [];
        size = 0;
      }
    }
    if (size > 0) yield pngChunk('IDAT', Buffer.concat(pending));
    yield pngChunk('IEND', Buffer.alloc(0));
  }
  await pipeline(Readable.from(rows()), zlib.createDeflate({ level: 9, memLevel: 9 }), chunks, fs.createWriteStream(file));
  return { bytes: fs.statSync(file).size, width: side, height: side };
}

// ---------------------------------------------------------------------------
// Images

function hsl(h: number, s: number, l: number): string {
  return `hsl(${Math.round(h)},${Math.round(s)}%,${Math.round(l)}%)`;
}

/** A simple animal face/silhouette in a 100×100 view box, stretched to w×h. */
function animalSvg(kind: string, w: number, h: number, rand: () => number): string {
  const fg = hsl(rand() * 360, 50 + rand() * 40, 30 + rand() * 25);
  const bg = hsl(rand() * 360, 20 + rand() * 30, 80 + rand() * 15);
  const eye = '#111';
  let body: string;
  if (kind === 'cat') {
    body = `<polygon points="22,42 30,8 48,30" fill="${fg}"/><polygon points="78,42 70,8 52,30" fill="${fg}"/>` +
      `<circle cx="50" cy="58" r="32" fill="${fg}"/><circle cx="38" cy="52" r="5" fill="${eye}"/><circle cx="62" cy="52" r="5" fill="${eye}"/>` +
      `<polygon points="46,64 54,64 50,70" fill="#e88"/>`;
  } else if (kind === 'dog') {
    body = `<ellipse cx="22" cy="50" rx="11" ry="26" fill="${fg}" opacity="0.8"/><ellipse cx="78" cy="50" rx="11" ry="26" fill="${fg}" opacity="0.8"/>` +
      `<circle cx="50" cy="50" r="30" fill="${fg}"/><ellipse cx="50" cy="66" rx="14" ry="10" fill="#fff" opacity="0.6"/>` +
      `<circle cx="40" cy="44" r="5" fill="${eye}"/><circle cx="60" cy="44" r="5" fill="${eye}"/><ellipse cx="50" cy="62" rx="6" ry="4" fill="${eye}"/>`;
  } else {
    body = `<ellipse cx="46" cy="58" rx="32" ry="22" fill="${fg}"/><circle cx="72" cy="38" r="14" fill="${fg}"/>` +
      `<polygon points="84,34 98,40 84,44" fill="#e90"/><circle cx="75" cy="35" r="3" fill="${eye}"/>` +
      `<path d="M30 56 Q46 36 60 58 Z" fill="#000" opacity="0.25"/><line x1="40" y1="80" x2="36" y2="96" stroke="#e90" stroke-width="3"/>` +
      `<line x1="52" y1="80" x2="56" y2="96" stroke="#e90" stroke-width="3"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 100 100" preserveAspectRatio="none">` +
    `<rect width="100" height="100" fill="${bg}"/>${body}</svg>`;
}

function render(kind: string, w: number, h: number, rand: () => number): Sharp {
  return sharp(Buffer.from(animalSvg(kind, w, h, rand))).removeAlpha();
}

async function encode(img: Sharp, format: GoodImage['format']): Promise<Buffer> {
  switch (format) {
    case 'jpeg': return img.jpeg({ quality: 85 }).toBuffer();
    case 'png': return img.png({ compressionLevel: 9 }).toBuffer();
    case 'webp': return img.webp({ quality: 80 }).toBuffer();
    case 'gif': return img.gif().toBuffer();
    case 'tiff': return img.tiff({ compression: 'lzw' }).toBuffer();
    case 'heif': return img.avif({ quality: 50, effort: 4 }).toBuffer();
  }
}

async function writeImages(dir: string, rand: () => number): Promise<void> {
  for (const kind of IMAGE_CLASSES) {
    const classDir = path.join(dir, 'images-good', kind);
    fs.mkdirSync(classDir, { recursive: true });
    for (const spec of GOOD_IMAGES[kind]) {
      fs.writeFileSync(path.join(classDir, spec.file), await encode(render(kind, spec.width, spec.height, rand), spec.format));
    }
  }

  const bad = path.join(dir, 'images-bad', 'cat');
  fs.mkdirSync(bad, { recursive: true });
  fs.writeFileSync(path.join(bad, 'zero.jpg'), Buffer.alloc(0));
  // A busier picture so the JPEG has enough scan data that half of it is clearly cut.
  const full = await render('cat', 64, 64, rand).jpeg({ quality: 92 }).toBuffer();
  fs.writeFileSync(path.join(bad, 'truncated.jpg'), full.subarray(0, Math.floor(full.length / 2)));
  const garbage = Buffer.alloc(256);
  for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(rand() * 256);
  fs.writeFileSync(path.join(bad, 'corrupt.png'), Buffer.concat([PNG_SIGNATURE, garbage]));
  fs.writeFileSync(path.join(bad, 'text.jpg'), 'This is a plain text file, not a JPEG.\nAn importer should report it per item and go on.\n');
  fs.writeFileSync(path.join(bad, 'fake.png'), await render('cat', 32, 32, rand).jpeg({ quality: 85 }).toBuffer());
  fs.writeFileSync(path.join(bad, 'ok-1.png'), await render('cat', 32, 32, rand).png({ compressionLevel: 9 }).toBuffer());
  fs.writeFileSync(path.join(bad, 'ok-2.jpg'), await render('cat', 32, 32, rand).jpeg({ quality: 85 }).toBuffer());
  // A symlink loop: images-bad/loop -> . (relative, so it survives a clone).
  fs.symlinkSync('.', path.join(dir, 'images-bad', 'loop'));
}

// ---------------------------------------------------------------------------
// Text

interface Post { id: string; text: string; label: string; date: string }

const POSTS: Post[] = [
  { id: 't01', text: 'The home side scored twice in the last ten minutes', label: 'sports', date: '2024-03-02' },
  { id: 't02', text: 'Heavy rain is expected along the coast tonight', label: 'weather', date: '2024-03-03' },
  { id: 't03', text: 'This bakery makes the best sourdough in town', label: 'food', date: '2024-03-05' },
  { id: 't04', text: 'Our goalkeeper saved a penalty, then another one', label: 'sports', date: '2024-03-08' },
  { id: 't05', text: 'Fog again this morning, so the ferry was late', label: 'weather', date: '2024-03-09' },
  { id: 't06', text: 'She said "try the lemon tart" and she was right', label: 'food', date: '2024-03-11' },
  { id: 't07', text: 'A cold front brings snow to the hills on Sunday', label: 'weather', date: '2024-03-12' },
  { id: 't08', text: 'Dumplings, noodles and tea for under ten euros', label: 'food', date: '2024-03-14' },
  { id: 't09', text: 'The rookie guard played forty minutes without a foul', label: 'sports', date: '2024-03-15' },
  { id: 't10', text: 'Line one of a two-line post\nand line two, inside one quoted field', label: 'sports', date: '2024-03-17' },
  { id: 't11', text: 'A café in São Paulo serves a naïve but lovely flan', label: 'food', date: '2024-03-18' },
  { id: 't12', text: 'Winds of 80 km/h closed the bridge for an hour', label: 'weather', date: '2024-03-20' },
];

function csvField(v: string, delim = ','): string {
  return v.includes(delim) || /["\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

function csv(rows: string[][], eol = '\n'): string {
  return rows.map((r) => r.map((f) => csvField(f)).join(',')).join(eol) + eol;
}

function writeText(dir: string): void {
  const t = path.join(dir, 'text');
  fs.mkdirSync(t, { recursive: true });
  const authors = ['ana', 'ben', 'chen', 'dara'];

  // good.csv: id,text,label,date + an extra column (author) that should land in the sample's metadata.
  fs.writeFileSync(path.join(t, 'good.csv'), csv([
    ['id', 'text', 'label', 'date', 'author'],
    ...POSTS.map((p, i) => [p.id, p.text, p.label, p.date, authors[i % authors.length]!]),
  ]));

  // good.tsv: same posts, tab-separated, no quoting (the multi-line post is left out: TSV has no quoting).
  const tsvPosts = POSTS.filter((p) => !p.text.includes('\n'));
  fs.writeFileSync(path.join(t, 'good.tsv'),
    ['id\ttext\tlabel\tdate\tauthor', ...tsvPosts.map((p, i) => [p.id, p.text, p.label, p.date, authors[i % authors.length]!].join('\t'))].join('\n') + '\n');

  // good.jsonl: one object per line, with a number and a boolean among the extra fields.
  fs.writeFileSync(path.join(t, 'good.jsonl'),
    POSTS.map((p, i) => JSON.stringify({ id: p.id, text: p.text, label: p.label, date: p.date, author: authors[i % authors.length], likes: i * 3, pinned: i === 0 })).join('\n') + '\n');

  // bom.csv: UTF-8 with a byte order mark and CRLF line ends, as spreadsheet programs save it.
  fs.writeFileSync(path.join(t, 'bom.csv'), '\ufeff' + csv([
    ['id', 'text', 'label'],
    ['b1', 'Saved from a spreadsheet, with a BOM', 'tech'],
    ['b2', 'The first column is still called id, not \ufeffid', 'tech'],
    ['b3', 'Crème brûlée at the café', 'food'],
  ], '\r\n'));

  // latin1.csv: ISO-8859-1 bytes (é = 0xE9, ï = 0xEF, ã = 0xE3): not valid UTF-8.
  fs.writeFileSync(path.join(t, 'latin1.csv'), Buffer.from(csv([
    ['id', 'text', 'label'],
    ['l1', 'Un café crème, s\'il vous plaît', 'food'],
    ['l2', 'A naïve question about the forecast', 'weather'],
    ['l3', 'São Paulo won on penalties', 'sports'],
  ]), 'latin1'));

  // ragged.csv: 4 columns; rows r3 (5 fields) and r5 (2 fields) are wrong, the others are fine.
  fs.writeFileSync(path.join(t, 'ragged.csv'), [
    'id,text,label,date',
    'r1,A normal row,sports,2024-01-01',
    'r2,Another normal row,weather,2024-01-02',
    'r3,This row has one field too many,food,2024-01-03,extra',
    'r4,Normal again,food,2024-01-04',
    'r5,Too few fields',
    'r6,The last normal row,tech,2024-01-06',
  ].join('\n') + '\n');

  // unclosed-quote.csv: the only quote in the file opens a field on line 3 and never closes.
  fs.writeFileSync(path.join(t, 'unclosed-quote.csv'), [
    'id,text,label',
    'q1,Fine row before the problem,sports',
    'q2,"This field opens a quote and never closes it,weather',
    'q3,Fine row after the problem,food',
    'q4,Another fine row,tech',
    'q5,And one more fine row,sports',
  ].join('\n') + '\n');

  // no-label.csv: no label column at all: everything imports unlabeled.
  fs.writeFileSync(path.join(t, 'no-label.csv'), csv([
    ['id', 'text', 'date'],
    ...POSTS.slice(0, 5).map((p) => [`n${p.id.slice(1)}`, p.text, p.date]),
  ]));

  // dup-ids.csv: id d2 appears twice with different text; d4 twice with the same text.
  fs.writeFileSync(path.join(t, 'dup-ids.csv'), csv([
    ['id', 'text', 'label'],
    ['d1', 'First post', 'sports'],
    ['d2', 'Second post, first version', 'weather'],
    ['d3', 'Third post', 'food'],
    ['d2', 'Second post, a different text under the same id', 'tech'],
    ['d4', 'Fourth post', 'food'],
    ['d4', 'Fourth post', 'food'],
  ]));

  // bad.jsonl: good objects mixed with invalid JSON, an array, a bare string, a number and a blank line.
  fs.writeFileSync(path.join(t, 'bad.jsonl'), [
    JSON.stringify({ id: 'j1', text: 'A good line', label: 'sports' }),
    '{"id": "j2", "text": "missing closing brace", "label": "food"',
    JSON.stringify({ id: 'j3', text: 'Another good line', label: 'weather' }),
    '["j4", "an array, not an object", "tech"]',
    '"just a string"',
    '42',
    "{'id': 'j7', 'text': 'single quotes are not JSON'}",
    '',
    JSON.stringify({ id: 'j9', text: 'A good line after a blank one', label: 'tech' }),
  ].join('\n') + '\n');
}

// ---------------------------------------------------------------------------
// Manifests
//
// Paths in a manifest are relative to the manifest's folder, and the project's
// importer keeps them inside that folder by default (`root`), so the pictures
// the good rows point at live beside the manifests, in manifests/media/.

/** manifests/media/<class>/<file>: what images.csv / images.jsonl list (2 per class). */
export const MANIFEST_MEDIA: { path: string; label: string; format: 'png' | 'jpeg'; width: number; height: number }[] =
  IMAGE_CLASSES.flatMap((kind) => [
    { path: `media/${kind}/${kind}-a.png`, label: kind, format: 'png' as const, width: 32, height: 32 },
    { path: `media/${kind}/${kind}-b.jpg`, label: kind, format: 'jpeg' as const, width: 32, height: 32 },
  ]);

/** manifests/traversal.csv rows: `imports` false rows must become per-item errors. */
export const TRAVERSAL_ROWS: { path: string; label: string; imports: boolean; note: string }[] = [
  { path: 'media/cat/cat-a.png', label: 'cat', imports: true, note: 'good' },
  { path: '../../../etc/passwd', label: 'cat', imports: false, note: 'escapes the manifest folder' },
  { path: 'media/dog/dog-a.png', label: 'dog', imports: true, note: 'good' },
  { path: '/etc/hostname', label: 'dog', imports: false, note: 'absolute path' },
  { path: 'media/cat/missing.jpg', label: 'cat', imports: false, note: 'file does not exist' },
  { path: 'media/../../../../etc/hosts', label: 'dog', imports: false, note: 'escapes after normalising' },
  { path: '../images-good/cat/cat-1.jpg', label: 'cat', imports: false, note: 'an existing file, but outside the manifest folder' },
  { path: './media/bird/bird-b.jpg', label: 'bird', imports: true, note: 'good (leading ./)' },
];

async function writeManifests(dir: string, rand: () => number): Promise<void> {
  const m = path.join(dir, 'manifests');
  for (const f of MANIFEST_MEDIA) {
    const file = path.join(m, f.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const img = render(f.label, f.width, f.height, rand);
    fs.writeFileSync(file, await (f.format === 'png' ? img.png({ compressionLevel: 9 }) : img.jpeg({ quality: 85 })).toBuffer());
  }
  const rows = MANIFEST_MEDIA.map((f, i) => [f.path, f.label, `photographer-${(i % 3) + 1}`, f.format]);
  fs.writeFileSync(path.join(m, 'images.csv'), csv([['path', 'label', 'photographer', 'format'], ...rows]));
  fs.writeFileSync(path.join(m, 'images.jsonl'),
    rows.map(([p, label, photographer, format]) => JSON.stringify({ path: p, label, photographer, format })).join('\n') + '\n');
  fs.writeFileSync(path.join(m, 'traversal.csv'), csv([['path', 'label', 'note'], ...TRAVERSAL_ROWS.map((r) => [r.path, r.label, r.note])]));
}

// ---------------------------------------------------------------------------
// Audio

interface WavSpec { sampleRate: number; channels: number; bits: 8 | 16 | 24 | 32 }

/** Plain PCM WAV bytes (tag 1) from interleaved samples in [-1, 1]; `extra` chunks go between fmt and data. */
function pcmWav(spec: WavSpec, samples: Float64Array, extra: Buffer[] = [], declaredData?: number): Buffer {
  const bytesPer = spec.bits / 8;
  const data = Buffer.alloc(samples.length * bytesPer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    if (spec.bits === 8) data[i] = Math.round(s * 127) + 128;
    else if (spec.bits === 16) data.writeInt16LE(Math.round(s * 32767), i * 2);
    else if (spec.bits === 24) data.writeIntLE(Math.round(s * 8388607), i * 3, 3);
    else data.writeInt32LE(Math.round(s * 2147483647), i * 4);
  }
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(spec.channels, 10);
  fmt.writeUInt32LE(spec.sampleRate, 12);
  fmt.writeUInt32LE(spec.sampleRate * spec.channels * bytesPer, 16);
  fmt.writeUInt16LE(spec.channels * bytesPer, 20);
  fmt.writeUInt16LE(spec.bits, 22);
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'latin1');
  const dataSize = declaredData ?? data.length;
  dataHead.writeUInt32LE(dataSize, 4);
  const pad = data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), fmt, ...extra, dataHead, data, pad]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + (dataSize - data.length), 4);
  return Buffer.concat([head, body]);
}

/** A RIFF chunk with its pad byte when the size is odd. */
function riffChunk(id: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function tone(sampleRate: number, seconds: number, freq: number, amp = 0.5): Float64Array {
  const n = Math.round(sampleRate * seconds);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  return out;
}

function soxArgs(spec: GoodWav, word: 'yes' | 'no', out: string): string[] {
  const encoding = spec.format === 3 ? 'floating-point' : spec.bits === 8 ? 'unsigned-integer' : 'signed-integer';
  // "yes" rises, "no" falls; a stereo file gets a second, different tone on the right.
  const sweep = word === 'yes' ? '300-600' : '600-300';
  const tones = spec.channels === 2 ? ['sine', sweep, 'sine', '880'] : ['sine', sweep];
  return ['-R', '-D', '-n', '-r', String(spec.sampleRate), '-c', String(spec.channels), '-b', String(spec.bits), '-e', encoding, out,
    'synth', String(spec.seconds), ...tones, 'vol', '0.5'];
}

function writeAudio(dir: string, rand: () => number): void {
  for (const word of ['yes', 'no'] as const) {
    const d = path.join(dir, 'audio-good', word);
    fs.mkdirSync(d, { recursive: true });
    for (const spec of GOOD_WAVS[word]) {
      const out = path.join(d, spec.file);
      if (spec.by === 'sox') {
        execFileSync('sox', soxArgs(spec, word, out), { stdio: ['ignore', 'ignore', 'pipe'] });
      } else {
        // A LIST/INFO chunk (odd-sized, so padded) between fmt and data, as many editors write.
        const info = Buffer.concat([Buffer.from('INFO', 'latin1'), riffChunk('INAM', Buffer.from('no, said by a sine\0', 'latin1')), riffChunk('ISFT', Buffer.from('make-fixtures\0', 'latin1'))]);
        fs.writeFileSync(out, pcmWav(spec as WavSpec, tone(spec.sampleRate, spec.seconds, 500), [riffChunk('LIST', info), riffChunk('junk', Buffer.from('x'))]));
      }
    }
  }

  const bad = path.join(dir, 'audio-bad', 'yes');
  fs.mkdirSync(bad, { recursive: true });
  const fmtGarbage = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) fmtGarbage[i] = Math.floor(rand() * 256);
  fmtGarbage.writeUInt16LE(0x1234, 0); // unknown format tag
  fmtGarbage.writeUInt16LE(0, 2); // 0 channels
  fmtGarbage.writeUInt32LE(0, 4); // 0 Hz
  const broken = Buffer.concat([Buffer.from('WAVE', 'latin1'), riffChunk('fmt ', fmtGarbage), riffChunk('data', Buffer.alloc(800))]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(broken.length, 4);
  fs.writeFileSync(path.join(bad, 'broken-header.wav'), Buffer.concat([riff, broken]));
  fs.writeFileSync(path.join(bad, 'zero.wav'), Buffer.alloc(0));
  fs.writeFileSync(path.join(bad, 'text.wav'), 'This is a plain text file, not a WAV.\n');
  fs.writeFileSync(path.join(bad, 'truncated.wav'), pcmWav({ sampleRate: 16000, channels: 1, bits: 16 }, tone(16000, 0.1, 440), [], 320000));
  fs.writeFileSync(path.join(bad, 'ok.wav'), pcmWav({ sampleRate: 16000, channels: 1, bits: 16 }, tone(16000, 0.3, 440)));
}

// ---------------------------------------------------------------------------

/** Files and bytes under `dir`, without following symlinks (images-bad/loop points back at its own folder). */
export function tally(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const t = tally(p);
      files += t.files;
      bytes += t.bytes;
    } else if (e.isFile()) {
      files++;
      bytes += fs.statSync(p).size;
    }
  }
  return { files, bytes };
}

export async function makeFixtures(dir = FIXTURES_DIR): Promise<void> {
  try {
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('make-fixtures: sox is missing (apt-get install -y sox)');
  }
  // Only the generated parts are replaced; README.md is written by hand and kept.
  for (const sub of ['images-good', 'images-bad', 'text', 'manifests', 'audio-good', 'audio-bad']) {
    fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  const rand = mulberry32(20240601);
  await writeImages(dir, rand);
  writeText(dir);
  await writeManifests(dir, rand);
  writeAudio(dir, rand);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await makeFixtures();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  const { files, bytes } = tally(FIXTURES_DIR);
  console.log(`wrote ${files} files, ${(bytes / 1024).toFixed(0)} KiB to ${FIXTURES_DIR}`);
}

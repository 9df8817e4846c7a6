/**
 * Generates resources/sample-data: the media the bundled sample project is
 * built from on first start (src/main/services/project/sample-project.ts).
 *
 *   images/<circle|square|star|triangle>/NNN.png   64×64 RGB shapes: seeded colour, size, position, rotation, tint, noise
 *   images-unlabeled/NNN.png                       more shapes of the same four kinds, no label
 *   text/reviews.csv                               id,text,label,date,source: short posts in 4 topics, ~10% unlabeled
 *   audio/<yes|no|up|down>/NNN.wav                 spoken words: espeak-ng → sox (8 kHz mono 16-bit) → 1.0 s clips
 *   audio/speakers.csv                             path,speaker (the espeak-ng voice), for a grouped split
 *   LICENSES.md                                    how each part was made, tool versions, licences
 *
 * Run: node scripts/make-sample-data.ts   (Node 24 — outside npm scripts use
 * ./node_modules/.bin/node if the system node is older — sharp from npm, and
 * Debian's espeak-ng and sox: apt-get install -y espeak-ng sox).
 *
 * Deterministic: every random choice comes from the seeded generator below
 * (never Math.random) and sox runs with dither off, so a rerun with the same
 * tool versions writes the same bytes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const SAMPLE_DATA_DIR = path.resolve(import.meta.dirname, '..', 'resources', 'sample-data');
const SEED = 20261128;

// ---------------------------------------------------------------------------
// Seeded generator: mulberry32, with a few helpers.

class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** An independent generator for one part, so changing one part leaves the others as they were. */
  static for(label: string): Rng {
    let h = (0x811c9dc5 ^ SEED) >>> 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return new Rng(h);
  }
}

// ---------------------------------------------------------------------------
// Images

export const SHAPES = ['circle', 'square', 'star', 'triangle'] as const;
export const IMAGE_COUNTS: Record<(typeof SHAPES)[number], number> = { circle: 72, square: 66, star: 62, triangle: 70 };
export const UNLABELED_IMAGES = 20;
const SIZE = 64;

function hsl(h: number, s: number, l: number): string {
  return `hsl(${h.toFixed(1)},${s.toFixed(1)}%,${l.toFixed(1)}%)`;
}

function shapeSvg(kind: string, r: Rng): string {
  const size = r.uniform(11, 22); // circumradius-ish, in pixels
  const cx = SIZE / 2 + r.uniform(-9, 9);
  const cy = SIZE / 2 + r.uniform(-9, 9);
  const rot = r.uniform(0, 360);
  const fillHue = r.uniform(0, 360);
  const fill = hsl(fillHue, r.uniform(40, 90), r.uniform(30, 60));
  // Background: a light tint with a gentle gradient in a random direction.
  const bgHue = r.uniform(0, 360);
  const bg1 = hsl(bgHue, r.uniform(5, 35), r.uniform(78, 94));
  const bg2 = hsl(bgHue + r.uniform(-30, 30), r.uniform(5, 35), r.uniform(70, 92));
  const ga = r.uniform(0, Math.PI * 2);
  const gx = (0.5 + 0.5 * Math.cos(ga)).toFixed(2);
  const gy = (0.5 + 0.5 * Math.sin(ga)).toFixed(2);
  const gx2 = (0.5 - 0.5 * Math.cos(ga)).toFixed(2);
  const gy2 = (0.5 - 0.5 * Math.sin(ga)).toFixed(2);
  const stroke = r.next() < 0.3 ? ` stroke="${hsl(fillHue, 50, 20)}" stroke-width="${r.uniform(1, 2.5).toFixed(1)}"` : '';
  let shape: string;
  if (kind === 'circle') {
    // Slightly squashed now and then, so "circle" is not a pixel-perfect disc every time.
    const rx = size * r.uniform(0.85, 1);
    const ry = rx * r.uniform(0.85, 1);
    shape = `<ellipse cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" rx="${rx.toFixed(1)}" ry="${ry.toFixed(1)}"/>`;
  } else if (kind === 'square') {
    const h = size * 0.8;
    const rr = r.next() < 0.3 ? r.uniform(1, 4) : 0; // some with rounded corners
    shape = `<rect x="${(cx - h).toFixed(1)}" y="${(cy - h).toFixed(1)}" width="${(2 * h).toFixed(1)}" height="${(2 * h).toFixed(1)}" rx="${rr.toFixed(1)}"/>`;
  } else {
    const n = kind === 'triangle' ? 3 : 2 * (r.next() < 0.75 ? 5 : 6); // stars: mostly 5-pointed, some 6
    const inner = r.uniform(0.38, 0.55);
    const pts: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = (Math.PI * 2 * i) / n - Math.PI / 2;
      const rad = kind === 'star' && i % 2 ? size * inner : size * 1.05;
      pts.push(`${(cx + rad * Math.cos(a)).toFixed(1)},${(cy + rad * Math.sin(a)).toFixed(1)}`);
    }
    shape = `<polygon points="${pts.join(' ')}"/>`;
  }
  // A small, faint distractor blob in some pictures.
  const blob = r.next() < 0.35
    ? `<circle cx="${r.uniform(4, 60).toFixed(1)}" cy="${r.uniform(4, 60).toFixed(1)}" r="${r.uniform(1.5, 4).toFixed(1)}" fill="${hsl(r.uniform(0, 360), 40, 55)}" opacity="0.6"/>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}">` +
    `<defs><linearGradient id="g" x1="${gx}" y1="${gy}" x2="${gx2}" y2="${gy2}"><stop offset="0" stop-color="${bg1}"/><stop offset="1" stop-color="${bg2}"/></linearGradient></defs>` +
    `<rect width="${SIZE}" height="${SIZE}" fill="url(#g)"/>${blob}` +
    `<g fill="${fill}"${stroke} transform="rotate(${rot.toFixed(1)} ${cx.toFixed(1)} ${cy.toFixed(1)})">${shape}</g></svg>`;
}

async function shapeImage(kind: string, r: Rng, file: string): Promise<void> {
  const { data, info } = await sharp(Buffer.from(shapeSvg(kind, r))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // A little sensor-like noise: the same offset on all three channels of a pixel.
  const sigma = r.uniform(1, 3.5);
  for (let p = 0; p < data.length; p += 3) {
    const d = Math.round(r.normal() * sigma);
    for (let c = 0; c < 3; c++) data[p + c] = Math.max(0, Math.min(255, data[p + c]! + d));
  }
  await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toFile(file);
}

async function images(out: string): Promise<void> {
  for (const kind of SHAPES) {
    const dir = path.join(out, 'images', kind);
    fs.mkdirSync(dir, { recursive: true });
    const r = Rng.for(`images/${kind}`);
    for (let i = 0; i < IMAGE_COUNTS[kind]; i++) await shapeImage(kind, r, path.join(dir, `${String(i).padStart(3, '0')}.png`));
  }
  const dir = path.join(out, 'images-unlabeled');
  fs.mkdirSync(dir, { recursive: true });
  const r = Rng.for('images-unlabeled');
  for (let i = 0; i < UNLABELED_IMAGES; i++) await shapeImage(r.pick(SHAPES), r, path.join(dir, `${String(i).padStart(3, '0')}.png`));
}

// ---------------------------------------------------------------------------
// Text

export const TOPICS = ['sports', 'weather', 'food', 'tech'] as const;
export const TEXT_ROWS = 300;

interface Vocab { subjects: string[]; verbs: string[]; objects: string[]; tails: string[] }

const VOCAB: Record<(typeof TOPICS)[number], Vocab> = {
  sports: {
    subjects: ['The home team', 'Our striker', 'The goalkeeper', 'The coach', 'Their captain', 'The rookie guard', 'The cycling team', 'The women’s relay squad', 'My daughter’s club', 'The new signing'],
    verbs: ['scored twice against', 'finally beat', 'lost narrowly to', 'trained hard before facing', 'drew with', 'celebrated the win over', 'was substituted early against', 'outran'],
    objects: ['the league leaders', 'a tough side from São Paulo', 'last season’s champions', 'the visitors', 'a rival club', 'the favourites', 'the team from Zürich'],
    tails: ['in extra time', 'at the final whistle', 'after a penalty shootout', 'in front of a full stadium', 'despite a red card', 'on the last lap', 'in the second half'],
  },
  weather: {
    subjects: ['Heavy rain', 'A cold front', 'The morning fog', 'Strong winds', 'A heatwave', 'Light snow', 'Thunderstorms', 'Freezing drizzle', 'A dry spell', 'Hail'],
    verbs: ['is expected to reach', 'slowly moved across', 'will clear from', 'caused delays along', 'settled over', 'brought flooding to', 'is forecast for', 'knocked out power in'],
    objects: ['the coast', 'the northern valleys', 'the city centre', 'most of the region', 'the airport', 'the mountain passes', 'the river towns'],
    tails: ['by tonight', 'this weekend', 'until Thursday', 'according to forecasters', 'with gusts near 90 km/h', 'for the third day running', 'before temperatures drop again'],
  },
  food: {
    subjects: ['This little café', 'The new bakery', 'My grandmother’s recipe', 'The street vendor', 'Our favourite bistro', 'The tasting menu', 'That ramen place', 'The farmers’ market stall'],
    verbs: ['serves the best', 'surprised us with', 'is famous for', 'ran out of', 'makes a naïve but lovely', 'finally added', 'slow-cooks a smoky', 'charges too much for'],
    objects: ['sourdough and soup', 'spicy noodles', 'lemon tart', 'crispy dumplings', 'vegan curry', 'crème brûlée', 'jalapeño cornbread', 'fresh pasta'],
    tails: ['on weekdays', 'with a side of pickles', 'for under ten euros', 'made with local butter', 'and the queue was worth it', 'right next to the station', 'every Friday night'],
  },
  tech: {
    subjects: ['The new phone', 'This laptop', 'The latest update', 'An open-source library', 'The startup', 'Our team’s app', 'The smartwatch', 'The cloud provider'],
    verbs: ['ships with', 'finally fixed', 'struggles with', 'now supports', 'was rewritten around', 'dropped support for', 'quietly broke', 'doubled the price of'],
    objects: ['a faster chip', 'battery drain', 'offline mode', 'the old API', 'a smarter camera', 'dark mode', 'end-to-end encryption', 'USB-C charging'],
    tails: ['after the last patch', 'according to the changelog', 'on older devices', 'in the beta release', 'without any warning', 'for paying users only', 'in version 2.0'],
  },
};

/** Sentences that mention another topic's words but belong to the labelled one: they keep the task honest. */
const CROSSOVER: Record<(typeof TOPICS)[number], string[]> = {
  sports: ['The match was postponed because of the rain, so the final moves to Sunday', 'The stadium app crashed at kick-off but the team still won', 'Fans queued for hot dogs at half time while the keeper warmed up'],
  weather: ['Too windy for the cycling race today, the forecast says gusts all afternoon', 'The heat was so bad the café closed early and the roads melted', 'My weather app says snow again tomorrow, the third storm this month'],
  food: ['We watched the game at a bistro with great soup and terrible service', 'Rainy evening, so we made a big pot of lentil soup at home', 'Ordered dumplings through a new app and they arrived still hot'],
  tech: ['The new running watch tracks heart rate but the app loses sync in the cold', 'The smart oven update finally fixed the timer bug', 'Our forecast widget now uses a new API and loads twice as fast'],
};

const OPENERS = ['', '', '', 'Honestly, ', 'Update: ', 'Big news: ', 'Can confirm ', 'Apparently ', 'So, ', 'Not gonna lie, '];
const ASIDES = ['', '', '', ' and it was great', ', which nobody expected', ' — "really", they said'];
const GENERIC = [...ASIDES, ' today', ' again', ' this week', ' as usual'];
const CLOSERS = ['.', '.', '.', '!', '. Worth it.', '. More on this later.', '?!', ' :)'];
export const SOURCES = ['forum', 'newsletter', 'microblog', 'comments', 'review-site'] as const;

function lowerFirst(s: string): string {
  return s[0]!.toLowerCase() + s.slice(1);
}

function post(r: Rng, topic: (typeof TOPICS)[number]): string {
  const v = VOCAB[topic];
  if (r.next() < 0.12) return r.pick(CROSSOVER[topic]) + r.pick(CLOSERS);
  const opener = r.pick(OPENERS);
  const subject = r.pick(v.subjects);
  let s = `${opener}${opener ? lowerFirst(subject) : subject} ${r.pick(v.verbs)} ${r.pick(v.objects)}`;
  // A topic tail or a generic time word ("today", "again"), not both: "every Friday night today" reads wrong.
  s += r.next() < 0.6 ? ` ${r.pick(v.tails)}${r.pick(ASIDES)}` : r.pick(GENERIC);
  s += r.pick(CLOSERS);
  // Sometimes a second, shorter sentence: usually same topic, sometimes a generic aside.
  if (r.next() < 0.3) {
    s += r.next() < 0.7
      ? ` ${r.pick(v.subjects)} ${r.pick(v.verbs)} ${r.pick(v.objects)}.`
      : r.pick([' Anyway, back to work.', ' Thoughts, anyone?', ' Will post photos, promise.', ' My friend said "no way", but yes.']);
  }
  return s;
}

const wordCount = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function texts(out: string): void {
  const r = Rng.for('text');
  const rows = ['id,text,label,date,source'];
  const start = Date.UTC(2023, 0, 1);
  const days = Math.round((Date.UTC(2024, 11, 31) - start) / 86400000) + 1;
  const seen = new Set<string>();
  while (rows.length <= TEXT_ROWS) {
    const topic = r.pick(TOPICS);
    const text = post(r, topic);
    const n = wordCount(text);
    if (n < 8 || n > 25 || seen.has(text)) continue;
    seen.add(text);
    const date = new Date(start + r.int(days) * 86400000).toISOString().slice(0, 10);
    const label = r.next() < 0.1 ? '' : topic;
    rows.push([`post-${String(rows.length).padStart(4, '0')}`, text, label, date, r.pick(SOURCES)].map(csvField).join(','));
  }
  fs.mkdirSync(path.join(out, 'text'), { recursive: true });
  fs.writeFileSync(path.join(out, 'text', 'reviews.csv'), rows.join('\n') + '\n');
}

// ---------------------------------------------------------------------------
// Audio

export const WORDS = ['yes', 'no', 'up', 'down'] as const;
export const CLIPS_PER_WORD = 30;
export const AUDIO_RATE = 8000;

/** Ten "speakers": an espeak-ng voice (language + variant) with its own base pitch and speed. */
export const SPEAKERS: { voice: string; pitch: number; speed: number }[] = [
  { voice: 'en-us', pitch: 45, speed: 155 },
  { voice: 'en-gb', pitch: 50, speed: 165 },
  { voice: 'en-gb-scotland', pitch: 40, speed: 150 },
  { voice: 'en-029', pitch: 55, speed: 160 },
  { voice: 'en-gb-x-rp', pitch: 48, speed: 170 },
  { voice: 'en+f3', pitch: 62, speed: 150 },
  { voice: 'en-us+f2', pitch: 66, speed: 145 },
  { voice: 'en+m3', pitch: 35, speed: 160 },
  { voice: 'en-gb+f4', pitch: 58, speed: 175 },
  { voice: 'en-us+m2', pitch: 42, speed: 140 },
];

function toolVersion(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n')[0]!;
}

function requireTools(): { espeak: string; sox: string } {
  const found: Record<string, string> = {};
  for (const [tool, args] of [['espeak-ng', ['--version']], ['sox', ['--version']]] as const) {
    try {
      found[tool] = toolVersion(tool, [...args]);
    } catch {
      throw new Error(`make-sample-data: ${tool} is missing. Install it with: apt-get install -y espeak-ng sox`);
    }
  }
  const espeak = /eSpeak NG text-to-speech: ([\w.-]+)/.exec(found['espeak-ng']!)?.[1] ?? found['espeak-ng']!;
  const sox = /SoX v?([\w.-]+)/.exec(found.sox!)?.[1] ?? found.sox!;
  return { espeak, sox };
}

/** 16-bit PCM samples of a mono WAV that sox wrote (chunks walked, so extra chunks are fine). */
function readPcm16(file: string): Int16Array {
  const buf = fs.readFileSync(file);
  let i = 12;
  while (i + 8 <= buf.length) {
    const id = buf.toString('latin1', i, i + 4);
    const size = buf.readUInt32LE(i + 4);
    if (id === 'data') {
      const n = Math.floor(Math.min(size, buf.length - i - 8) / 2);
      const out = new Int16Array(n);
      for (let k = 0; k < n; k++) out[k] = buf.readInt16LE(i + 8 + 2 * k);
      return out;
    }
    i += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

function writePcm16(file: string, samples: Int16Array, rate: number): void {
  const data = Buffer.alloc(samples.length * 2);
  for (let k = 0; k < samples.length; k++) data.writeInt16LE(samples[k]!, 2 * k);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'latin1');
  head.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([head, data]));
}

/** Cuts the word out of its silence, places it at a random offset in a 1.0 s clip, sets its level, maybe adds noise. */
function clip(speech: Int16Array, r: Rng): Int16Array {
  const n = AUDIO_RATE;
  let peak = 1;
  for (const s of speech) peak = Math.max(peak, Math.abs(s));
  const thr = peak * 0.02;
  let a = 0;
  let b = speech.length - 1;
  while (a < b && Math.abs(speech[a]!) < thr) a++;
  while (b > a && Math.abs(speech[b]!) < thr) b--;
  const margin = Math.round(0.02 * AUDIO_RATE);
  a = Math.max(0, a - margin);
  b = Math.min(speech.length, b + margin);
  const len = Math.min(b - a, n - 400);
  const fade = Math.round(0.01 * AUDIO_RATE);
  const offset = r.int(n - len);
  const gain = (r.uniform(0.35, 0.9) * 32767) / peak;
  const out = new Float64Array(n);
  for (let k = 0; k < len; k++) {
    const env = Math.min(1, k / fade, (len - 1 - k) / fade);
    out[offset + k] = speech[a + k]! * gain * env;
  }
  if (r.next() < 0.35) {
    const sigma = r.uniform(0.002, 0.01) * 32767; // low background hiss
    for (let k = 0; k < n; k++) out[k]! += r.normal() * sigma;
  }
  const pcm = new Int16Array(n);
  for (let k = 0; k < n; k++) pcm[k] = Math.max(-32768, Math.min(32767, Math.round(out[k]!)));
  return pcm;
}

function audio(out: string): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-sample-'));
  try {
    const speakers = ['path,speaker'];
    for (const word of WORDS) {
      const dir = path.join(out, 'audio', word);
      fs.mkdirSync(dir, { recursive: true });
      const r = Rng.for(`audio/${word}`);
      for (let i = 0; i < CLIPS_PER_WORD; i++) {
        const sp = SPEAKERS[i % SPEAKERS.length]!;
        const pitch = Math.round(sp.pitch + r.uniform(-8, 8));
        const speed = Math.round(sp.speed + r.uniform(-20, 20));
        const raw = path.join(tmp, 'raw.wav');
        const conv = path.join(tmp, 'conv.wav');
        execFileSync('espeak-ng', ['-v', sp.voice, '-p', String(pitch), '-s', String(speed), '-w', raw, word]);
        // Resample to 8 kHz mono 16-bit; -D: no dither, so the output is exactly repeatable.
        execFileSync('sox', ['-D', raw, '-r', String(AUDIO_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', conv]);
        const name = `${String(i).padStart(3, '0')}.wav`;
        writePcm16(path.join(dir, name), clip(readPcm16(conv), r), AUDIO_RATE);
        speakers.push(`${word}/${name},${sp.voice}`);
      }
    }
    fs.writeFileSync(path.join(out, 'audio', 'speakers.csv'), speakers.join('\n') + '\n');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// LICENSES.md

function licenses(out: string, tools: { espeak: string; sox: string }): void {
  const imageTotal = Object.values(IMAGE_COUNTS).reduce((a, b) => a + b, 0);
  const text = `# Sample data: how it was made, and its licence

Everything in this folder is generated by \`scripts/make-sample-data.ts\`; nothing here was downloaded or recorded.
Regenerate it with \`node scripts/make-sample-data.ts\` (Node 24, e.g. the repository's \`./node_modules/.bin/node\`; sharp from npm; Debian's \`espeak-ng\` and \`sox\`:
\`apt-get install -y espeak-ng sox\`). Every random choice comes from a seeded generator (mulberry32, seed ${SEED}) and SoX
runs with dither off, so a rerun with the same tool versions writes the same bytes.

This file was written by the same script. Tools used for the files here: Node ${process.versions.node},
sharp ${sharp.versions.sharp} with libvips ${sharp.versions.vips} (librsvg ${sharp.versions.rsvg ?? 'bundled'}),
eSpeak NG ${tools.espeak}, SoX ${tools.sox}.

## Licence

The generated files (images, text, audio, CSV files) are made by the Trainyard project, which dedicates them to the public
domain under CC0 1.0 Universal (https://creativecommons.org/publicdomain/zero/1.0/). No third-party dataset is included.

## Parts

- \`images/<circle|square|star|triangle>/NNN.png\` (${SHAPES.map((s) => `${s} ${IMAGE_COUNTS[s]}`).join(', ')}; ${imageTotal} in all)
  and \`images-unlabeled/NNN.png\` (${UNLABELED_IMAGES}, same four kinds, no label): 64×64 RGB PNG. Each shape is an SVG
  written by the script (seeded colour, size, position, rotation, outline, background tint and gradient, an occasional small
  distractor dot), rasterised by sharp/librsvg, with seeded per-pixel noise (σ 1–3.5) added in the script.
- \`text/reviews.csv\` (${TEXT_ROWS} rows; columns \`id,text,label,date,source\`): short posts (8–25 words) in four topics
  (${TOPICS.join(', ')}), assembled from phrase lists written for this project; some sentences deliberately use another
  topic's words. About 10% of rows have an empty label (unlabeled). Dates are spread over 2023-01-01 to 2024-12-31;
  \`source\` is one of ${SOURCES.join(', ')}. Some texts hold commas and double quotes (CSV-quoted) and non-ASCII words.
- \`audio/<${WORDS.join('|')}>/NNN.wav\` (${CLIPS_PER_WORD} each) and \`audio/speakers.csv\` (\`path,speaker\`): each word
  spoken by eSpeak NG with one of ${SPEAKERS.length} voices (\`speaker\` is the voice name: ${SPEAKERS.map((s) => s.voice).join(', ')}),
  each voice with its own base pitch and speed and a seeded variation per clip; resampled by SoX to 8 kHz mono 16-bit PCM;
  then, in the script, cut from its silence, placed at a seeded offset in a 1.0 s clip at a seeded level, and about a third
  of the clips mixed with low seeded white noise.

## eSpeak NG

eSpeak NG (https://github.com/espeak-ng/espeak-ng) is licensed GPL-3.0-or-later, and so are the voice and phoneme data it
ships with (Debian packages espeak-ng and espeak-ng-data). It is used here only as a tool: it is run to synthesise the
words, it is not included, linked or distributed with Trainyard, and none of its code or data files are copied into this
folder. The WAV files are the program's output: they were produced with eSpeak NG's voices and contain only synthesised
speech of the four words. The GPL-3.0 (section 2) says that the output of a covered program is covered only if that output
itself constitutes a covered work; synthesised speech of a single word contains none of eSpeak NG's code or data files.
The project therefore treats the clips, like the rest of this folder, as its own CC0 work. If that matters to you, you can
regenerate them with the script or replace them with your own recordings.

SoX (GPL-2.0-or-later / LGPL-2.1-or-later) and sharp (Apache-2.0) with libvips (LGPL-2.1-or-later) are used the same way, as
tools run at generation time.
`;
  fs.writeFileSync(path.join(out, 'LICENSES.md'), text);
}

// ---------------------------------------------------------------------------

export async function makeSampleData(out = SAMPLE_DATA_DIR): Promise<void> {
  const tools = requireTools();
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await images(out);
  texts(out);
  audio(out);
  licenses(out, tools);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await makeSampleData();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  let files = 0;
  let bytes = 0;
  for (const f of fs.readdirSync(SAMPLE_DATA_DIR, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(f.parentPath, f.name)).size;
  }
  console.log(`wrote ${files} files, ${(bytes / 1e6).toFixed(2)} MB to ${SAMPLE_DATA_DIR}`);
}

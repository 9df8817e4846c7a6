/**
 * Generates resources/sample-data: the media the bundled sample project is
 * built from. Deterministic (a seeded generator, fixed tool settings), so a
 * rerun gives the same content. Run: node scripts/make-sample-data.ts
 *
 *   images/<circle|square|triangle|star>/NNN.jpg   64×64 shapes, varied colour, size, position, rotation, noise
 *   images-unlabeled/NNN.jpg                       more shapes, no label
 *   text/reviews.csv                               id,text,label,date,source: short posts in 4 topics, ~10% unlabeled
 *   audio/<yes|no|up|down>/NNN.wav                 spoken words (espeak-ng → sox: 8 kHz mono 16-bit, 1.0 s)
 *   audio/speakers.csv                             path,speaker (for a grouped split by speaker)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createRng, type Rng } from '../src/shared/rng.ts';

const OUT = path.resolve(import.meta.dirname, '..', 'resources', 'sample-data');
const rng = createRng(20261128);

function pick<T>(r: Rng, items: readonly T[]): T {
  return items[r.int(items.length)]!;
}

function hsl(h: number, s: number, l: number): string {
  return `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`;
}

function shapeSvg(kind: string, r: Rng): string {
  const size = r.uniform(16, 26);
  const cx = 32 + r.uniform(-10, 10);
  const cy = 32 + r.uniform(-10, 10);
  const rot = r.uniform(0, 360);
  const fill = hsl(r.uniform(0, 360), r.uniform(45, 90), r.uniform(35, 60));
  const bg = hsl(r.uniform(0, 360), r.uniform(5, 30), r.uniform(80, 96));
  let shape: string;
  if (kind === 'circle') shape = `<circle cx="${cx}" cy="${cy}" r="${size * 0.9}"/>`;
  else if (kind === 'square') shape = `<rect x="${cx - size * 0.8}" y="${cy - size * 0.8}" width="${size * 1.6}" height="${size * 1.6}"/>`;
  else {
    const points = kind === 'triangle' ? 3 : 10;
    const pts = Array.from({ length: points }, (_, i) => {
      const a = (Math.PI * 2 * i) / points - Math.PI / 2;
      const rad = kind === 'star' && i % 2 ? size * 0.45 : size * 1.05;
      return `${(cx + rad * Math.cos(a)).toFixed(1)},${(cy + rad * Math.sin(a)).toFixed(1)}`;
    });
    shape = `<polygon points="${pts.join(' ')}"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="${bg}"/>` +
    `<g fill="${fill}" transform="rotate(${rot.toFixed(1)} ${cx} ${cy})">${shape}</g></svg>`;
}

async function shapeImage(kind: string, r: Rng, file: string): Promise<void> {
  const { data, info } = await sharp(Buffer.from(shapeSvg(kind, r))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const noise = r.uniform(2, 14);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + Math.round(r.normal() * noise)));
  await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 88 }).toFile(file);
}

async function images(): Promise<void> {
  const kinds = ['circle', 'square', 'triangle', 'star'] as const;
  const counts = { circle: 72, square: 66, triangle: 70, star: 62 };
  for (const kind of kinds) {
    const dir = path.join(OUT, 'images', kind);
    fs.mkdirSync(dir, { recursive: true });
    const r = rng.fork(`images/${kind}`);
    for (let i = 0; i < counts[kind]; i++) await shapeImage(kind, r, path.join(dir, `${String(i).padStart(3, '0')}.jpg`));
  }
  const dir = path.join(OUT, 'images-unlabeled');
  fs.mkdirSync(dir, { recursive: true });
  const r = rng.fork('images-unlabeled');
  for (let i = 0; i < 24; i++) await shapeImage(pick(r, kinds), r, path.join(dir, `${String(i).padStart(3, '0')}.jpg`));
}

const TOPICS: Record<string, { subjects: string[]; verbs: string[]; objects: string[] }> = {
  sports: {
    subjects: ['The home team', 'Our striker', 'The goalkeeper', 'The coach', 'Their captain', 'The rookie guard', 'The cycling team'],
    verbs: ['scored twice against', 'finally beat', 'lost narrowly to', 'trained hard before facing', 'drew with', 'celebrated the win over'],
    objects: ['the league leaders', 'a tough side from São Paulo', 'last season’s champions', 'the visitors in extra time', 'a rival club at the final whistle'],
  },
  weather: {
    subjects: ['Heavy rain', 'A cold front', 'The morning fog', 'Strong winds', 'A heatwave', 'Light snow', 'Thunderstorms'],
    verbs: ['is expected to reach', 'slowly moved across', 'will clear from', 'caused delays along', 'settled over', 'brought flooding to'],
    objects: ['the coast by tonight', 'the northern valleys', 'the city centre this weekend', 'most of the region', 'the airport, forecasters said'],
  },
  food: {
    subjects: ['This little café', 'The new bakery', 'My grandmother’s recipe', 'The street vendor', 'Our favourite bistro', 'The tasting menu'],
    verbs: ['serves the best', 'surprised us with', 'is famous for', 'ran out of', 'perfected a naïve but lovely', 'finally added'],
    objects: ['sourdough and soup', 'spicy noodles', 'a lemon tart', 'crispy dumplings', 'a vegan curry', 'fresh pasta, cheese and herbs'],
  },
  tech: {
    subjects: ['The new phone', 'This laptop', 'The latest update', 'An open-source library', 'The startup', 'Our team’s app'],
    verbs: ['ships with', 'finally fixed', 'struggles with', 'now supports', 'was rewritten around', 'dropped support for'],
    objects: ['a faster chip', 'battery drain', 'offline mode', 'the old API', 'a smarter camera', 'dark mode, widgets and sync'],
  },
};
const OPENERS = ['', '', 'Honestly, ', 'Update: ', 'Big news: ', 'Can confirm ', 'Apparently '];
const CLOSERS = ['.', '!', '. Worth it.', ', which nobody expected.', '. More on this later.', ' — "really", they said.', '.'];
const SOURCES = ['forum', 'newsletter', 'microblog', 'comments'];

function sentence(r: Rng, topic: string): string {
  const t = TOPICS[topic]!;
  const opener = pick(r, OPENERS);
  const subject = pick(r, t.subjects);
  const s = `${opener}${opener ? subject[0]!.toLowerCase() + subject.slice(1) : subject} ${pick(r, t.verbs)} ${pick(r, t.objects)}${pick(r, CLOSERS)}`;
  return s[0]!.toUpperCase() + s.slice(1);
}

function csvField(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function texts(): void {
  const r = rng.fork('text');
  const topics = Object.keys(TOPICS);
  const rows = ['id,text,label,date,source'];
  const start = Date.UTC(2023, 0, 1);
  const span = Date.UTC(2024, 11, 31) - start;
  const seen = new Set<string>();
  for (let i = 0; rows.length <= 300; i++) {
    const topic = topics[i % topics.length]!;
    let text = sentence(r, topic);
    if (r.next() < 0.35) text += ` ${sentence(r, r.next() < 0.8 ? topic : pick(r, topics))}`;
    if (seen.has(text)) continue;
    seen.add(text);
    const date = new Date(start + Math.floor(r.next() * span)).toISOString().slice(0, 10);
    const label = r.next() < 0.1 ? '' : topic;
    rows.push([`post-${String(rows.length).padStart(4, '0')}`, text, label, date, pick(r, SOURCES)].map(csvField).join(','));
  }
  fs.mkdirSync(path.join(OUT, 'text'), { recursive: true });
  fs.writeFileSync(path.join(OUT, 'text', 'reviews.csv'), rows.join('\n') + '\n');
}

const VOICES = ['en', 'en-us', 'en-gb-scotland', 'en-gb-x-rp', 'en-029', 'en+f3', 'en+m3', 'en-us+f2', 'en+klatt', 'en-gb-x-gbclan'];

function audio(): void {
  for (const tool of ['espeak-ng', 'sox']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: apt-get install -y espeak-ng sox`);
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-sample-'));
  const speakers = ['path,speaker'];
  const r = rng.fork('audio');
  for (const word of ['yes', 'no', 'up', 'down']) {
    const dir = path.join(OUT, 'audio', word);
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 30; i++) {
      const voice = VOICES[i % VOICES.length]!;
      const raw = path.join(tmp, 'raw.wav');
      const speed = String(120 + r.int(80));
      const pitch = String(25 + r.int(50));
      execFileSync('espeak-ng', ['-v', voice, '-s', speed, '-p', pitch, '-w', raw, word]);
      const name = `${String(i).padStart(3, '0')}.wav`;
      const noiseVol = r.next() < 0.4 ? (0.004 + r.next() * 0.01).toFixed(4) : null;
      const out = path.join(dir, name);
      // Trim silence, centre in a 1.0 s window at 8 kHz mono 16-bit, dither off for determinism.
      execFileSync('sox', ['-R', '-D', raw, '-r', '8000', '-c', '1', '-b', '16', out, 'silence', '1', '0.01', '1%', 'pad', '0.1', '1.0', 'trim', '0', '1.0']);
      if (noiseVol) {
        // -R seeds sox's generator with a fixed number, so the noise is the same on every run.
        const noisy = path.join(tmp, 'noisy.wav');
        execFileSync('sox', ['-R', '-D', '-n', '-r', '8000', '-c', '1', '-b', '16', path.join(tmp, 'noise.wav'), 'synth', '1.0', 'whitenoise', 'vol', noiseVol]);
        execFileSync('sox', ['-R', '-D', '-m', out, path.join(tmp, 'noise.wav'), noisy]);
        fs.renameSync(noisy, out);
      }
      speakers.push(`${word}/${name},${voice}`);
    }
  }
  fs.writeFileSync(path.join(OUT, 'audio', 'speakers.csv'), speakers.join('\n') + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
}

fs.rmSync(OUT, { recursive: true, force: true });
await images();
texts();
audio();
const files = fs.readdirSync(OUT, { recursive: true }) as string[];
const bytes = files.reduce((n, f) => n + (fs.statSync(path.join(OUT, f)).isFile() ? fs.statSync(path.join(OUT, f)).size : 0), 0);
console.log(`wrote ${files.length} entries, ${(bytes / 1e6).toFixed(2)} MB to ${OUT}`);

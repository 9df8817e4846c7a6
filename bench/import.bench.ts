/**
 * Benchmark: a full image import (read, sha256, probe, 128 px WebP thumbnail,
 * SQLite writes) of N 256×256 JPEGs through the contract (`import.start` +
 * `jobs.wait`), the worker pool at its default size, against Pillow making
 * the same thumbnails (bench/peers/thumbs_pil.py) in one process and in a
 * Pool over all cores, on the same files in the same run. Trainyard and the
 * peer passes are interleaved, so load from elsewhere hits both alike. Also
 * times the re-import of the unchanged folder (the idempotent path: read +
 * hash only) and, serially on a few hundred files, what each stage costs.
 *
 * Run: node bench/import.bench.ts [--n 10000] [--runs 1] [--quick]
 * The images are generated first (not timed): the real digits upscaled to
 * 256×256 with seeded colours, a light gradient and grain, JPEG quality 90,
 * in ten class folders. TRAINYARD_PYTHON picks the peer's interpreter.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Client, ImportSummary } from '../src/shared/contract/index.ts';
import { AppContext } from '../src/main/core/context.ts';
import { inProcessClient } from '../src/main/core/in-process.ts';
import { ImportWriter } from '../src/main/services/datasets/import/writer.ts';
import { makeThumbnail, probeImage } from '../src/main/services/datasets/media/image.ts';
import { MEDIA_LIMITS } from '../src/main/services/datasets/media/limits.ts';
import { ensureDataset } from '../src/main/services/datasets/repo.ts';
import { Project } from '../src/main/services/project/project.ts';
import { createRng } from '../src/shared/rng.ts';
import {
  DIGITS, QUICK, findPython, flag, fmt, header, line, median, nowMs, pythonVersions, ratio, removeDir, runPeer, tempDir,
} from './lib.ts';

const N = flag('n', QUICK ? 1000 : 10_000);
/** Full passes: each is already an average over N files; --runs 3 gives medians (about 4 min at 10,000 here). */
const RUNS = flag('runs', N >= 5000 ? 1 : 3);
const REIMPORT_RUNS = 3;
const SIZE = 256;
const SEED = 7;

type Grey = { data: Buffer; w: number; h: number };

async function loadDigits(): Promise<Array<{ cls: string; px: Grey[]; big: Uint8ClampedArray[] }>> {
  const classes = fs.readdirSync(DIGITS).filter((c) => fs.statSync(path.join(DIGITS, c)).isDirectory()).sort();
  return Promise.all(classes.map(async (cls) => {
    const files = fs.readdirSync(path.join(DIGITS, cls)).filter((f) => f.endsWith('.png')).sort();
    const px = await Promise.all(files.map(async (f) => {
      const { data, info } = await sharp(path.join(DIGITS, cls, f)).greyscale().raw().toBuffer({ resolveWithObject: true });
      return { data, w: info.width, h: info.height };
    }));
    return { cls, px, big: [] };
  }));
}

/** Bilinear upscale of a grey image to SIZE×SIZE. */
function upscale(img: Grey): Uint8ClampedArray {
  const out = new Uint8ClampedArray(SIZE * SIZE);
  const at = (x: number, y: number): number => img.data[y * img.w + x]!;
  for (let y = 0; y < SIZE; y++) {
    const fy = Math.max(0, ((y + 0.5) * img.h) / SIZE - 0.5);
    const y0 = Math.min(img.h - 1, Math.floor(fy));
    const y1 = Math.min(img.h - 1, y0 + 1);
    for (let x = 0; x < SIZE; x++) {
      const fx = Math.max(0, ((x + 0.5) * img.w) / SIZE - 0.5);
      const x0 = Math.min(img.w - 1, Math.floor(fx));
      const x1 = Math.min(img.w - 1, x0 + 1);
      const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * (fx - x0);
      const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * (fx - x0);
      out[y * SIZE + x] = top + (bottom - top) * (fy - y0);
    }
  }
  return out;
}

/** Image i: ink and paper in seeded colours (a lookup table per channel), a diagonal light gradient, grain. */
function compose(digit: Uint8ClampedArray, noise: Int8Array, i: number): Buffer {
  const rng = createRng(SEED * 1_000_003 + i);
  const luts = [0, 1, 2].map(() => {
    const ink = rng.int(256);
    const paper = rng.int(256);
    return Int16Array.from({ length: 256 }, (_, v) => Math.round(paper + ((ink - paper) * v) / 255));
  });
  const light = rng.uniform(-60, 60);
  const shade = Int16Array.from({ length: 2 * SIZE }, (_, d) => Math.round((light * (d - SIZE)) / SIZE));
  const off = rng.int(noise.length - SIZE * SIZE * 3);
  const [r, g, b] = luts as [Int16Array, Int16Array, Int16Array];
  const out = new Uint8ClampedArray(SIZE * SIZE * 3);
  for (let y = 0, p = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++, p++) {
      const v = digit[p]!;
      const s = shade[x - y + SIZE]!;
      const k = p * 3;
      out[k] = r[v]! + s + noise[off + k]!;
      out[k + 1] = g[v]! + s + noise[off + k + 1]!;
      out[k + 2] = b[v]! + s + noise[off + k + 2]!;
    }
  }
  return Buffer.from(out.buffer);
}

async function generate(dir: string, n: number): Promise<number> {
  const digits = await loadDigits();
  const rng = createRng(SEED);
  const noise = Int8Array.from({ length: SIZE * SIZE * 3 * 4 }, () => Math.round(Math.max(-60, Math.min(60, rng.normal() * 8))));
  for (const d of digits) fs.mkdirSync(path.join(dir, d.cls), { recursive: true });
  let bytes = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) {
      const d = digits[i % digits.length]!;
      const j = Math.floor(i / digits.length) % d.px.length;
      const src = (d.big[j] ??= upscale(d.px[j]!));
      const file = path.join(dir, d.cls, `${String(i).padStart(6, '0')}.jpg`);
      const info = await sharp(compose(src, noise, i), { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
      bytes += info.size;
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return bytes;
}

function listImages(dir: string): string[] {
  return fs.readdirSync(dir).sort().flatMap((c) => fs.readdirSync(path.join(dir, c)).sort().map((f) => path.join(dir, c, f)));
}

/** A small class folder (hard links to the first files of each class) for the warm-up import. */
function warmupFolder(src: string, dest: string, perClass: number): void {
  for (const cls of fs.readdirSync(src)) {
    fs.mkdirSync(path.join(dest, cls), { recursive: true });
    for (const f of fs.readdirSync(path.join(src, cls)).sort().slice(0, perClass)) fs.linkSync(path.join(src, cls, f), path.join(dest, cls, f));
  }
}

interface Timed { ms: number; cores: number; summary: ImportSummary }

/** One import through the contract; `cores` is process CPU time (all threads) over wall time. */
async function importOnce(api: Client, source: string): Promise<Timed> {
  const cpu = process.cpuUsage();
  const t = nowMs();
  const { jobId } = await api.call('import.start', { source });
  const job = await api.call('jobs.wait', { jobId });
  const ms = nowMs() - t;
  const used = process.cpuUsage(cpu);
  if (job.status !== 'completed') throw new Error(`import ${job.status}: ${job.error}`);
  const summary = job.result as ImportSummary;
  if (summary.errors.length) throw new Error(`import reported ${summary.errors.length} errors, first: ${JSON.stringify(summary.errors[0])}`);
  return { ms, cores: (used.user + used.system) / 1000 / ms, summary };
}

/** Trainyard's stages one at a time on one thread, ms per image (the worker runs these per file). */
async function breakdown(files: string[], scratch: string): Promise<Record<string, number>> {
  const stages: Record<string, number> = { read: 0, sha256: 0, 'probe (metadata)': 0, 'thumbnail pipeline': 0, 'thumb write (atomic)': 0 };
  const add = async <T>(k: string, fn: () => T | Promise<T>): Promise<T> => {
    const t = nowMs();
    const out = await fn();
    stages[k]! += nowMs() - t;
    return out;
  };
  for (const pass of [0, 1]) {
    if (pass === 1) for (const k in stages) stages[k] = 0; // pass 0 is the warm-up
    for (const [i, f] of files.entries()) {
      const buf = await add('read', () => fs.promises.readFile(f));
      await add('sha256', () => createHash('sha256').update(buf).digest('hex'));
      await add('probe (metadata)', () => probeImage(buf, MEDIA_LIMITS.maxPixels));
      const thumb = await add('thumbnail pipeline', () => makeThumbnail(buf, MEDIA_LIMITS.maxPixels, MEDIA_LIMITS.thumbSize));
      await add('thumb write (atomic)', async () => { // as process.ts: exists? mkdir, temp file, rename
        const file = path.join(scratch, String(i % 256), `${i}.webp`);
        await fs.promises.access(file).catch(() => undefined);
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        await fs.promises.writeFile(`${file}.tmp`, thumb);
        await fs.promises.rename(`${file}.tmp`, file);
      });
    }
  }
  for (const k in stages) stages[k]! /= files.length;
  return stages;
}

/** The import's SQLite side alone: ImportWriter rows in batches of 256 (FTS trigger, indexes, WAL commit), ms per row. */
function sqliteWrites(dir: string, n: number): number {
  const project = Project.create(dir);
  try {
    const db = project.db;
    const ds = ensureDataset(db, 'images', 'image');
    db.run("INSERT INTO sources (dataset_id, root, name, kind, created_at) VALUES (?, '/data', 'data', 'folder', '')", ds.id);
    const writer = new ImportWriter(db, ds.id, db.get<{ id: number }>('SELECT id FROM sources')!.id);
    const t = nowMs();
    for (let i = 0; i < n; i++) {
      const label = String(i % 10);
      if (i < 10) writer.ensureLabel(label);
      const hash = createHash('sha256').update(String(i)).digest('hex');
      const media = {
        ok: true as const, unchanged: false, hash, bytes: 17_000, format: 'jpeg', width: SIZE, height: SIZE,
        durationSec: null, sampleRate: null, channels: null, thumb: `${hash.slice(0, 40)}.webp`,
      };
      writer.add({ key: `data/${label}/${String(i).padStart(6, '0')}.jpg`, relPath: `${label}/${String(i).padStart(6, '0')}.jpg`, text: null, hash, label, meta: {}, media });
      if (writer.pending >= 256) writer.flush();
    }
    writer.flush();
    return (nowMs() - t) / n;
  } finally {
    project.close();
  }
}

interface PeerResult {
  files: number; single: number | null; multi: number | null; procs: number;
  breakdown: Record<string, number> | null; pillow: string; codecs: string;
}

async function main(): Promise<void> {
  const py = findPython('PIL');
  await header('import: ImageFolder of 256×256 JPEGs -> Trainyard project', [
    ['python', py ? pythonVersions(py, ['PIL']) : 'none with Pillow (apt-get install -y python3-pil)'],
  ]);
  const root = tempDir('ty-bench-import-');
  const ctx = new AppContext();
  try {
    const data = path.join(root, 'images');
    let t = nowMs();
    const bytes = await generate(data, N);
    console.log(`data: ${N.toLocaleString('en')} JPEGs 256×256 q90 in 10 class folders, ${fmt(bytes / N / 1024)} KiB each (generated in ${fmt((nowMs() - t) / 1000)} s, not timed)`);
    const api = inProcessClient(ctx);
    warmupFolder(data, path.join(root, 'warm'), 20);
    await api.call('project.create', { dir: path.join(root, 'p-warm') });
    t = nowMs();
    await importOnce(api, path.join(root, 'warm'));
    const workers = ctx.pool().size;
    console.log(`warm-up: import of 200 images, starting the pool (${workers} workers, the default size): ${fmt(nowMs() - t)} ms`);
    console.log(`load average after generating: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}\n`);

    const full: Timed[] = [];
    const single: number[] = [];
    const multi: number[] = [];
    let peerInfo = py ? '' : 'no python3 with Pillow (apt-get install -y python3-pil)';
    let procs = 0;
    for (let r = 0; r < RUNS; r++) {
      const dir = path.join(root, `p${r}`);
      await api.call('project.create', { dir });
      const run = await importOnce(api, data);
      if (run.summary.imported !== N) throw new Error(`imported ${run.summary.imported} of ${N}`);
      full.push(run);
      if (r < RUNS - 1) removeDir(dir);
      if (!py || (peerInfo && !single.length)) continue;
      for (const mode of ['single', 'pool']) {
        const peer = runPeer<PeerResult>(py, 'thumbs_pil.py', [data, '--runs', '1', '--mode', mode]);
        if (typeof peer === 'string') { peerInfo = peer; break; }
        if (peer.files !== N) throw new Error(`peer saw ${peer.files} files, expected ${N}`);
        if (peer.single !== null) single.push(peer.single);
        if (peer.multi !== null) multi.push(peer.multi);
        peerInfo = `Pillow ${peer.pillow}, ${peer.codecs}`;
        procs = peer.procs;
      }
    }
    const again: Timed[] = [];
    for (let r = 0; r < REIMPORT_RUNS; r++) {
      const run = await importOnce(api, data);
      if (run.summary.skipped !== N) throw new Error(`re-import skipped ${run.summary.skipped} of ${N}`);
      again.push(run);
    }
    await ctx.close();

    const rate = (xs: Timed[]): number => N / (median(xs.map((x) => x.ms)) / 1000);
    const secs = (xs: Timed[]): string => xs.map((x) => fmt(x.ms / 1000, 2)).join(', ');
    const cores = (xs: Timed[]): string => fmt(median(xs.map((x) => x.cores)), 2);
    const ours = rate(full);
    const of = (k: number): string => (k === 1 ? '1 pass' : `median of ${k}`);
    line('trainyard import', `${fmt(ours)} img/s`, `${of(RUNS)}: ${secs(full)} s; ${workers} workers; ${cores(full)} cores busy`);
    line('trainyard re-import (unchanged)', `${fmt(rate(again))} img/s`, `${of(REIMPORT_RUNS)}: ${secs(again)} s; read + sha256 + compare; ${cores(again)} cores busy`);
    if (single.length && multi.length) {
      line('pillow thumbnails, 1 process', `${fmt(median(single))} img/s`, `${of(single.length)}; ${peerInfo}; method 0`);
      line(`pillow thumbnails, Pool(${procs})`, `${fmt(median(multi))} img/s`, of(multi.length));
      console.log('');
      line('ratio trainyard / pillow 1 process', ratio(ours, median(single)), 'target >= 1× using both cores (PERFORMANCE.md)');
      line(`ratio trainyard / pillow Pool(${procs})`, ratio(ours, median(multi)));
    } else line('pillow', 'skipped', peerInfo);

    const files = listImages(path.join(root, 'warm'));
    console.log(`\nwhere the time goes, one image at a time on one thread (${files.length} files, ms per image):`);
    const ty = await breakdown(files, fs.mkdtempSync(path.join(root, 'scratch-')));
    const peer = py ? runPeer<PeerResult>(py, 'thumbs_pil.py', [path.join(root, 'warm'), '--runs', '0', '--warmup', '0', '--mode', 'single', '--breakdown', String(files.length)]) : 'no Pillow';
    const total = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);
    ty['sqlite row (ImportWriter)'] = sqliteWrites(path.join(root, 'p-sqlite'), N);
    for (const [k, v] of Object.entries(ty)) line(`  trainyard ${k}`, `${fmt(v, 3)} ms`);
    line('  trainyard sum', `${fmt(total(ty), 3)} ms`, `= ${fmt(1000 / total(ty))} img/s per core`);
    line('  trainyard import: CPU per image', `${fmt(median(full.map((x) => (x.cores * x.ms) / N)), 3)} ms`, 'process CPU time (all threads) per image during the timed import; the lines above are wall time');
    if (typeof peer !== 'string' && peer.breakdown) {
      for (const [k, v] of Object.entries(peer.breakdown)) line(`  pillow ${k}`, `${fmt(v, 3)} ms`);
      line('  pillow sum', `${fmt(total(peer.breakdown), 3)} ms`, `= ${fmt(1000 / total(peer.breakdown))} img/s per core`);
    }
  } finally {
    await ctx.close();
    removeDir(root);
  }
}

await main();

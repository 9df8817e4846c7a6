/**
 * Benchmark: gallery pages (`samples.list`) through the in-process client,
 * contract validation and JSON round trip included, on projects of 100,000
 * and 1,000,000 samples. The samples are synthetic rows written straight
 * into SQLite in large transactions (one image dataset, ten classes made
 * through the contract, seeded labels and splits, keys img/000123.jpg), so
 * building a project takes seconds instead of an import of a million files.
 *
 * Each query: median (and p95) of 20 calls after 3 warm-up calls, in ms; the
 * same call straight to listSamples (SQL + row mapping, no contract),
 * interleaved with those, shows what the transport adds. No ANALYZE is run,
 * as the app runs none.
 * Target (issue): a label + split filtered page under 20 ms at 1M.
 *
 * Run: node bench/gallery-query.bench.ts [--quick]   (quick: 10k and 100k)
 */
import path from 'node:path';
import type { Client, Input, Output } from '../src/shared/contract/index.ts';
import { AppContext } from '../src/main/core/context.ts';
import { inProcessClient } from '../src/main/core/in-process.ts';
import { listSamples } from '../src/main/services/datasets/samples-query.ts';
import type { Db } from '../src/main/services/project/db.ts';
import { createRng } from '../src/shared/rng.ts';
import { QUICK, fmt, header, median, nowMs, percentile, removeDir, tempDir } from './lib.ts';

const SIZES = QUICK ? [10_000, 100_000] : [100_000, 1_000_000];
const REPS = 20;
const WARMUP = 3;
const TARGET_MS = 20;
const SEED = 11;
const TX_ROWS = 50_000;
const SPLIT_WEIGHTS = [0.7, 0.85, 1]; // cumulative train / val / test

type ListInput = Input<'samples.list'>;

interface Built { datasetId: number; classIds: number[]; seconds: number }

/** Writes n synthetic image samples: seeded labels (5% unlabeled), splits 70/15/15, plausible columns. */
async function build(api: Client, db: Db, n: number): Promise<Built> {
  const t = nowMs();
  const ds = await api.call('datasets.create', { name: 'images', modality: 'image' });
  const classIds: number[] = [];
  for (let c = 0; c < 10; c++) classIds.push((await api.call('classes.create', { datasetId: ds.id, name: `class-${c}` })).id);
  db.run('INSERT INTO sources (dataset_id, root, name, kind, created_at) VALUES (?, ?, ?, ?, ?)', ds.id, '/data/images', 'images', 'folder', new Date().toISOString());
  const sourceId = db.get<{ id: number }>('SELECT id FROM sources WHERE dataset_id = ?', ds.id)!.id;
  const insert = db.stmt(
    `INSERT INTO samples (dataset_id, key, source_id, rel_path, content_hash, label_id, split, width, height, format, bytes, thumb, imported_at, import_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, 256, 256, 'jpeg', ?, ?, ?, 1)`,
  );
  const rng = createRng(SEED);
  const hex = (): string => Array.from({ length: 8 }, () => rng.int(2 ** 32).toString(16).padStart(8, '0')).join('');
  const at = new Date().toISOString();
  for (let from = 0; from < n; from += TX_ROWS) {
    db.tx(() => {
      for (let i = from; i < Math.min(n, from + TX_ROWS); i++) {
        const key = `img/${String(i).padStart(6, '0')}.jpg`;
        const label = rng.next() < 0.05 ? null : classIds[rng.int(10)]!;
        const u = rng.next();
        const split = SPLIT_WEIGHTS.findIndex((w) => u < w);
        const hash = hex();
        insert.run(ds.id, key, sourceId, key, hash, label, split, 8000 + rng.int(16000), `${hash.slice(0, 40)}.webp`, at);
      }
    });
  }
  return { datasetId: ds.id, classIds, seconds: (nowMs() - t) / 1000 };
}

interface Case { name: string; input: (b: Built, filteredTotal: number) => ListInput }

const CASES: Case[] = [
  { name: 'label + split filter, first page', input: (b) => ({ datasetId: b.datasetId, filter: { labelIds: [b.classIds[3]!], splits: ['train'] }, limit: 200 }) },
  {
    name: 'label + split filter, middle page',
    input: (b, total) => ({ datasetId: b.datasetId, filter: { labelIds: [b.classIds[3]!], splits: ['train'] }, offset: Math.floor(total / 2), limit: 200 }),
  },
  { name: 'no filter, first page', input: (b) => ({ datasetId: b.datasetId, limit: 200 }) },
  { name: 'search "0001" (100 hits), first page', input: (b) => ({ datasetId: b.datasetId, filter: { search: '0001' }, limit: 200 }) },
  { name: 'search "jpg" (every row), first page', input: (b) => ({ datasetId: b.datasetId, filter: { search: 'jpg' }, limit: 200 }) },
];

interface Result { name: string; total: number; med: number; p95: number; direct: number }

async function measure(api: Client, db: Db, b: Built): Promise<Result[]> {
  const first = await api.call('samples.list', CASES[0]!.input(b, 0));
  const out: Result[] = [];
  for (const c of CASES) {
    const input = c.input(b, first.total);
    // The same query without the contract (defaults filled in as the schema would), interleaved call by call.
    const args = { filter: {}, sort: 'key' as const, desc: false, offset: 0, limit: 200, ...input };
    let last: Output<'samples.list'> | null = null;
    const xs: number[] = [];
    const ds: number[] = [];
    for (let r = 0; r < WARMUP + REPS; r++) {
      let t = nowMs();
      last = await api.call('samples.list', input);
      if (r >= WARMUP) xs.push(nowMs() - t);
      t = nowMs();
      listSamples(db, args);
      if (r >= WARMUP) ds.push(nowMs() - t);
    }
    if (!last || last.items.length === 0) throw new Error(`${c.name}: empty page`);
    out.push({ name: c.name, total: last.total, med: median(xs), p95: percentile(xs, 95), direct: median(ds) });
  }
  return out;
}

async function main(): Promise<void> {
  await header('gallery queries: samples.list on 100k and 1M samples');
  const all: Array<{ n: number; rows: Result[] }> = [];
  for (const n of SIZES) {
    const root = tempDir('ty-bench-gallery-');
    const ctx = new AppContext();
    try {
      const api = inProcessClient(ctx);
      await api.call('project.create', { dir: path.join(root, 'project') });
      const db = ctx.project().db;
      const built = await build(api, db, n);
      console.log(`built ${n.toLocaleString('en')} samples in ${fmt(built.seconds)} s (${fmt(n / built.seconds, 0)} rows/s, FTS trigger and indexes live)`);
      all.push({ n, rows: await measure(api, db, built) });
    } finally {
      await ctx.close();
      removeDir(root);
    }
  }
  console.log(`\nms per call: median and p95 of ${REPS} calls after ${WARMUP} warm-up calls; "sql only" = listSamples called directly (median)`);
  const w = Math.max(...CASES.map((c) => c.name.length)) + 2;
  const cols = (...xs: string[]): string => xs.map((x, i) => x.padStart([11, 9, 9, 10, 11][i]!)).join('');
  console.log(`${'query'.padEnd(w)}${cols('samples', 'median', 'p95', 'sql only', 'matching')}`);
  for (let i = 0; i < CASES.length; i++) {
    for (const [k, { n, rows }] of all.entries()) {
      const r = rows[i]!;
      console.log(`${(k === 0 ? CASES[i]!.name : '').padEnd(w)}${cols(n.toLocaleString('en'), fmt(r.med, 2), fmt(r.p95, 2), fmt(r.direct, 2), r.total.toLocaleString('en'))}`);
    }
  }
  const big = all[all.length - 1]!;
  const page = big.rows[0]!.med;
  console.log(`\ntarget: label + split filtered page < ${TARGET_MS} ms at ${big.n.toLocaleString('en')}: ${fmt(page, 2)} ms  ${page < TARGET_MS ? 'PASS' : 'MISS'}`);
}

await main();

/**
 * Benchmark: how long a label takes from a click to a durable answer over the
 * real web host (`startWebHost`): POST /api/labels.set with the bearer token,
 * one request at a time, each resolving only after the SQLite commit (WAL,
 * synchronous=FULL) and the history row. The project holds the 1,797 real
 * digits (/work/shared/datasets/digits), imported through the contract; the
 * renderer folder is a stub index.html.
 *
 * Prints p50/p95/p99 of 500 single-sample requests (alternating two classes,
 * so each one changes the label) and p50/p95 of 100 requests of 100 samples;
 * for reference, the same single-sample call in process (no HTTP). A commit
 * waits for fsync, so the file system of the temp folder is printed too.
 *
 * Run: node bench/label-roundtrip.bench.ts [--quick]   (quick: 100 and 20)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportSummary, Input, Output } from '../src/shared/contract/index.ts';
import { AppContext } from '../src/main/core/context.ts';
import { inProcessClient } from '../src/main/core/in-process.ts';
import { startWebHost } from '../src/main/hosts/http/server.ts';
import { DIGITS, QUICK, fmt, fsType, header, line, nowMs, percentile, removeDir, tempDir } from './lib.ts';

const SINGLE = QUICK ? 100 : 500;
const BULK = QUICK ? 20 : 100;
const BULK_SIZE = 100;
const WARMUP = 20;

type Labels = Output<'labels.set'>;

/** "p50 1.23 ms" and the other percentiles as a note. */
function stats(xs: number[], ps: number[]): [string, string] {
  const [first, ...rest] = ps.map((p) => `p${p} ${fmt(percentile(xs, p), 2)} ms`);
  return [first!, rest.join(', ')];
}

async function main(): Promise<void> {
  const root = tempDir('ty-bench-labels-');
  await header('label round trip: POST /api/labels.set over the web host', [['temp folder', `${root} (${fsType(root)})`]]);
  const ctx = new AppContext();
  let close = async (): Promise<void> => {};
  try {
    const api = inProcessClient(ctx);
    await api.call('project.create', { dir: path.join(root, 'project') });
    let t = nowMs();
    const { jobId } = await api.call('import.start', { source: DIGITS });
    const job = await api.call('jobs.wait', { jobId });
    if (job.status !== 'completed') throw new Error(`import ${job.status}: ${job.error}`);
    const summary = job.result as ImportSummary & { datasetId: number };
    const datasetId = summary.datasetId;
    console.log(`project: ${summary.imported.toLocaleString('en')} digits imported in ${fmt((nowMs() - t) / 1000)} s`);

    const classes = await api.call('classes.list', { datasetId });
    const [a, b] = [classes[0]!.id, classes[1]!.id];
    const ids = (await api.call('samples.list', { datasetId, limit: 1000 })).items.map((s) => s.id);

    const renderer = path.join(root, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>bench</title>');
    const host = await startWebHost({ ctx, rendererDir: renderer });
    close = host.close;
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` };
    const post = async (input: Input<'labels.set'>): Promise<Labels> => {
      const res = await fetch(`http://127.0.0.1:${host.port}/api/labels.set`, { method: 'POST', headers, body: JSON.stringify(input) });
      const env = (await res.json()) as { ok: boolean; value?: Labels; error?: { message: string } };
      if (!env.ok || !env.value) throw new Error(`labels.set failed (${res.status}): ${env.error?.message}`);
      return env.value;
    };
    /** Times n sequential calls (after WARMUP); each labels `sampleIds` with class a or b, alternating, so each changes them all. */
    const timed = async (n: number, sampleIds: number[], call: (input: Input<'labels.set'>) => Promise<Labels>): Promise<number[]> => {
      const xs: number[] = [];
      for (let k = 0; k < WARMUP + n; k++) {
        const input = { datasetId, sampleIds, classId: k % 2 ? a : b };
        const t0 = nowMs();
        const out = await call(input);
        if (k >= WARMUP) xs.push(nowMs() - t0);
        if (k > 0 && out.changes.length !== input.sampleIds.length) throw new Error(`expected ${input.sampleIds.length} changes, got ${out.changes.length}`);
      }
      return xs;
    };

    console.log('');
    const one = ids[0]!;
    t = nowMs();
    const single = await timed(SINGLE, [one], post);
    const singleWall = nowMs() - t;
    const block = ids.slice(100, 100 + BULK_SIZE);
    const bulk = await timed(BULK, block, post);
    const local = await timed(SINGLE, [one], (input) => api.call('labels.set', input));

    const [s50, sRest] = stats(single, [50, 95, 99]);
    line(`1 sample × ${SINGLE}, over HTTP`, s50, `${sRest}; ${fmt((SINGLE + WARMUP) / (singleWall / 1000), 0)} labels/s back to back`);
    const [b50, bRest] = stats(bulk, [50, 95]);
    line(`${BULK_SIZE} samples × ${BULK}, over HTTP`, b50, bRest);
    const [l50, lRest] = stats(local, [50, 95, 99]);
    line(`1 sample × ${SINGLE}, in process`, l50, `${lRest}; no HTTP: contract + SQLite commit, for reference`);
    const history = ctx.project().db.get<{ n: number }>('SELECT count(*) AS n FROM label_history')!.n;
    console.log(`\nlabel_history rows written: ${history.toLocaleString('en')}`);
  } finally {
    await close();
    await ctx.close();
    removeDir(root);
  }
}

await main();

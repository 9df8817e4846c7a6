#!/usr/bin/env node
/**
 * Runs every bench/*.bench.ts one after another with the Node in
 * node_modules/.bin/node (Node 24: it runs TypeScript directly and has
 * node:sqlite), printing each one's output as it comes. A failing bench does
 * not stop the others; the exit code is non-zero at the end if any failed.
 *
 *   npm run bench                      all of them
 *   npm run bench -- --quick           smaller sizes (passed on to each bench)
 *   node bench/run-all.js import split only those whose file name contains a word
 *   node bench/run-all.js mfcc         MFCC extraction vs numpy/scipy (bench/mfcc.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(benchDir);

function findNode() {
  for (const name of ['node', 'node.exe', 'node.cmd']) {
    const candidate = path.join(repo, 'node_modules', '.bin', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  console.error(`run-all: no node in ${path.join(repo, 'node_modules', '.bin')} (npm install); using ${process.execPath} (${process.version})`);
  return process.execPath;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const words = args.filter((a) => !a.startsWith('--'));
const benches = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)))
  .sort();

if (benches.length === 0) {
  console.error(`run-all: no bench matches ${words.join(', ')}`);
  process.exit(2);
}

const node = findNode();
const results = [];
for (const file of benches) {
  const rule = '='.repeat(Math.max(0, 72 - file.length - 4));
  console.log(`\n== ${file} ${rule}\n`);
  const t = Date.now();
  const res = spawnSync(node, [path.join(benchDir, file), ...(quick ? ['--quick'] : [])], { cwd: repo, stdio: 'inherit' });
  const seconds = (Date.now() - t) / 1000;
  const ok = res.status === 0;
  const why = res.error ? res.error.message : res.signal ? `signal ${res.signal}` : `exit code ${res.status}`;
  results.push({ file, ok, seconds, why });
  if (!ok) console.log(`\n${file} FAILED (${why})`);
}

console.log(`\n== summary ${'='.repeat(61)}`);
for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'}  ${r.file.padEnd(32)} ${r.seconds.toFixed(1).padStart(7)} s${r.ok ? '' : `  (${r.why})`}`);
const failed = results.filter((r) => !r.ok).length;
if (failed) {
  console.log(`\n${failed} of ${results.length} benchmarks failed`);
  process.exit(1);
}

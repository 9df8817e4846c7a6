/**
 * Word-level operations (EDA): synonym replacement and insertion from
 * WordNet, random swap, random deletion. draw() picks concrete token
 * positions and final words; apply() only edits those tokens, skipping any
 * that are not free words in the text it gets, so replay needs no WordNet.
 */
import type { ParamValue } from '../../../../shared/augment/spec.ts';
import type { Rng } from '../../../../shared/rng.ts';
import { drawRange, type Drawn } from '../op.ts';
import { choose, countFor, drawnNumbers, drawnStrings, joinList, numberParam } from './draw-util.ts';
import { isStopword, lookupForm } from './lexicon.ts';
import { matchCase, synonymCandidates } from './synonyms.ts';
import { isFree, isWordLike, PUNCT, SPACE, WORD, type Analysed } from './tokenize.ts';
import { wordNet } from './wordnet.ts';

type Params = Record<string, ParamValue>;

/** Free content words with at least one synonym, and those synonyms (inflected, lower case). */
function synonymSites(a: Analysed, senses: number): { sites: number[]; candidates: Array<readonly string[]> } {
  const wn = wordNet();
  const sites: number[] = [];
  const candidates: Array<readonly string[]> = [];
  for (let i = 0; i < a.text.length; i++) {
    if (a.kind[i] !== WORD || a.mask[i]) continue;
    const lower = lookupForm(a.text[i]!);
    if (lower.length < 2 || isStopword(lower)) continue;
    const c = synonymCandidates(wn, lower, senses);
    if (c.length) {
      sites.push(i);
      candidates.push(c);
    }
  }
  return { sites, candidates };
}

function countParams(rng: Rng, p: Params, available: number): { fraction: number; n: number } {
  const fraction = drawRange(rng, p.fraction);
  return { fraction, n: countFor(rng, fraction, numberParam(p, 'min'), numberParam(p, 'max'), available) };
}

export function drawSynonymReplace(rng: Rng, p: Params, a: Analysed): Drawn {
  const { sites, candidates } = synonymSites(a, numberParam(p, 'senses'));
  const { fraction, n } = countParams(rng, p, sites.length);
  const chosen = choose(rng, sites.length, n);
  const words = chosen.map((k) => {
    const c = candidates[k]!;
    return matchCase(a.text[sites[k]!]!, c[rng.int(c.length)]!);
  });
  return { fraction, positions: chosen.map((k) => sites[k]!), words: joinList(words) };
}

export function applySynonymReplace(a: Analysed, drawn: Drawn): string {
  const positions = drawnNumbers(drawn, 'positions');
  const words = drawnStrings(drawn, 'words', positions.length);
  const out = a.text.slice();
  positions.forEach((i, k) => {
    if (a.kind[i] === WORD && !a.mask[i] && words[k]) out[i] = words[k];
  });
  return out.join('');
}

// Punctuation a word may be inserted in front of: "great." → "great fine."
const CLOSERS = new Set(['.', ',', '!', '?', ';', ':', '\u2026', ')', ']', '}', '"', "'", '\u201d', '\u2019', '\u00bb']);

/**
 * Where a word may go, as token indices g (insert between g-1 and g):
 * before a word inside a sentence (after a free space), or right after a
 * word that ends the text or precedes closing punctuation. Never inside a
 * protected phrase or between two protected words (New York), never glued
 * to a token (a number and its %).
 */
export function insertionGaps(a: Analysed): number[] {
  const gaps: number[] = [];
  const n = a.text.length;
  for (let g = 1; g <= n; g++) {
    const between = a.mask[g] === 1 && a.mask[g - 2] === 1; // New | York: two protected words read as one name
    const before = isWordLike(a.kind[g]) && a.kind[g - 1] === SPACE && !a.mask[g - 1] && !a.start[g] && !between;
    const after = isWordLike(a.kind[g - 1]) && (g === n || (a.kind[g] === PUNCT && CLOSERS.has(a.text[g]!) && !a.mask[g]));
    if (before || after) gaps.push(g);
  }
  return gaps;
}

const isAllCaps = (w: string): boolean => w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase();

export function drawSynonymInsert(rng: Rng, p: Params, a: Analysed): Drawn {
  const { sites, candidates } = synonymSites(a, numberParam(p, 'senses'));
  const gaps = insertionGaps(a);
  const { fraction, n } = countParams(rng, p, gaps.length ? sites.length : 0);
  const at: number[] = [];
  const words: string[] = [];
  for (let k = 0; k < n; k++) {
    const s = rng.int(sites.length);
    const c = candidates[s]!;
    const w = c[rng.int(c.length)]!;
    words.push(isAllCaps(a.text[sites[s]!]!) ? w.toUpperCase() : w);
    at.push(gaps[rng.int(gaps.length)]!);
  }
  return { fraction, gaps: at, words: joinList(words) };
}

export function applySynonymInsert(a: Analysed, drawn: Drawn): string {
  const at = drawnNumbers(drawn, 'gaps');
  const words = drawnStrings(drawn, 'words', at.length);
  const allowed = new Set(insertionGaps(a));
  const inserts = new Map<number, string[]>();
  at.forEach((g, k) => {
    if (!allowed.has(g) || !words[k]) return;
    const list = inserts.get(g) ?? [];
    list.push(words[k]);
    inserts.set(g, list);
  });
  let out = '';
  for (let g = 0; g <= a.text.length; g++) {
    const list = inserts.get(g);
    if (list) out += isWordLike(a.kind[g]) && a.kind[g - 1] === SPACE ? `${list.join(' ')} ` : ` ${list.join(' ')}`;
    if (g < a.text.length) out += a.text[g];
  }
  return out;
}

function freeTokens(a: Analysed): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.text.length; i++) if (isFree(a, i)) out.push(i);
  return out;
}

export function drawRandomSwap(rng: Rng, p: Params, a: Analysed): Drawn {
  const n = drawRange(rng, p.n, true);
  const free = freeTokens(a);
  const pairs: number[] = [];
  if (free.length >= 2) {
    for (let t = 0; t < n; t++) {
      const x = rng.int(free.length);
      let y = rng.int(free.length - 1);
      if (y >= x) y++;
      pairs.push(free[x]!, free[y]!);
    }
  }
  return { n, pairs };
}

export function applyRandomSwap(a: Analysed, drawn: Drawn): string {
  const pairs = drawnNumbers(drawn, 'pairs');
  const out = a.text.slice();
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    const x = pairs[k]!;
    const y = pairs[k + 1]!;
    if (!isFree(a, x) || !isFree(a, y)) continue;
    [out[x], out[y]] = [out[y]!, out[x]!];
  }
  return out.join('');
}

export function drawRandomDelete(rng: Rng, p: Params, a: Analysed): Drawn {
  const rate = drawRange(rng, p.rate);
  const free = freeTokens(a);
  const positions = free.filter(() => rng.next() < rate);
  const words = a.kind.filter(isWordLike).length;
  // Never delete everything: keep one of the chosen words when no other word would be left.
  if (positions.length && positions.length === words) positions.splice(rng.int(positions.length), 1);
  return { rate, positions };
}

export function applyRandomDelete(a: Analysed, drawn: Drawn): string {
  const n = a.text.length;
  const drop = new Uint8Array(n);
  let left = a.kind.filter(isWordLike).length;
  for (const i of drawnNumbers(drawn, 'positions')) {
    if (!isFree(a, i) || drop[i] || left <= 1) continue;
    drop[i] = 1;
    left--;
  }
  const isSpace = (i: number): boolean => a.kind[i] === SPACE && !drop[i] && !a.mask[i];
  for (let i = 0; i < n; i++) {
    if (!drop[i] || !isWordLike(a.kind[i])) continue;
    // Take one neighbouring space with the word: the one before, unless it holds a line break the one after does not.
    const prev = i - 1;
    const next = i + 1;
    const prevIsBreak = isSpace(prev) && a.text[prev]!.includes('\n') && isSpace(next) && !a.text[next]!.includes('\n');
    if (isSpace(prev) && !prevIsBreak) drop[prev] = 1;
    else if (isSpace(next)) drop[next] = 1;
  }
  let out = '';
  for (let i = 0; i < n; i++) if (!drop[i]) out += a.text[i];
  return out;
}

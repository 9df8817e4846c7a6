/**
 * Character-level operations: keyboard typos, OCR confusions, random
 * insert / swap / delete. All of them are drawn as the same kind of edit,
 * "replace `from` at offset `at` of token `t` with `to`", so one apply()
 * replays any of them, checking each edit against the text first.
 *
 * Sites are characters (a letter with its combining marks counts as one)
 * of free words and numbers at least `minLength` characters long.
 */
import type { ParamValue } from '../../../../shared/augment/spec.ts';
import type { Rng } from '../../../../shared/rng.ts';
import { drawRange, type Drawn } from '../op.ts';
import { drawnNumbers, drawnStrings, joinList, numberParam, permutation } from './draw-util.ts';
import { neighboursOf } from './keyboard.ts';
import { OCR_CONFUSIONS, ocrKeyAt } from './ocr.ts';
import { isFree, type Analysed } from './tokenize.ts';

export type CharOp = 'keyboard' | 'ocr' | 'insert' | 'swap' | 'delete';

interface Site {
  token: number;
  at: number;
  from: string;
  /** Characters in the token, for the "keep one" rule of deletion. */
  units: number;
}

const UNIT = /\P{M}\p{M}*/gu;
const MARK = /^\p{M}/u;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function unitsOf(word: string): string[] {
  return word.match(UNIT) ?? [];
}

/** A single character not followed by a combining mark (so é written as e + ◌́ is not split). */
function bare(word: string, at: number, len: number): boolean {
  return !MARK.test(word.slice(at + len, at + len + 1));
}

function sitesOf(op: CharOp, a: Analysed, minLength: number): Site[] {
  const sites: Site[] = [];
  for (let t = 0; t < a.text.length; t++) {
    if (!isFree(a, t)) continue;
    const word = a.text[t]!;
    const units = unitsOf(word);
    if (units.length < minLength) continue;
    const push = (at: number, from: string): void => {
      sites.push({ token: t, at, from, units: units.length });
    };
    if (op === 'keyboard') {
      for (let j = 0; j < word.length; j++) if (neighboursOf(word[j]!) && bare(word, j, 1)) push(j, word[j]!);
    } else if (op === 'ocr') {
      for (let j = 0; j < word.length; ) {
        const key = ocrKeyAt(word, j);
        if (key && bare(word, j, key.length)) {
          push(j, key);
          j += key.length;
        } else j++;
      }
    } else {
      let at = 0;
      units.forEach((u, k) => {
        if (op === 'insert') push(at + u.length, '');
        else if (op === 'delete') push(at, u);
        else if (k + 1 < units.length && units[k + 1] !== u) push(at, u + units[k + 1]);
        at += u.length;
      });
    }
  }
  return sites;
}

/** Whether a site can join the accepted ones: swaps must not overlap, and a word keeps at least one character. */
function compatible(op: CharOp, site: Site, accepted: Site[]): boolean {
  if (op === 'swap') return !accepted.some((s) => s.token === site.token && site.at < s.at + s.from.length && s.at < site.at + site.from.length);
  if (op === 'delete') return accepted.filter((s) => s.token === site.token).length < site.units - 1;
  return true;
}

function replacement(op: CharOp, site: Site, word: string, rng: Rng): string {
  switch (op) {
    case 'keyboard': {
      const near = neighboursOf(site.from);
      return near[rng.int(near.length)]!;
    }
    case 'ocr': {
      const list = OCR_CONFUSIONS[site.from]!;
      return list[rng.int(list.length)]!;
    }
    case 'insert': {
      const ch = LETTERS[rng.int(LETTERS.length)]!;
      return word === word.toUpperCase() && word !== word.toLowerCase() ? ch.toUpperCase() : ch;
    }
    case 'swap': {
      const [first, second] = unitsOf(site.from);
      return second! + first!;
    }
    case 'delete':
      return '';
  }
}

export function drawCharOp(op: CharOp, rng: Rng, p: Record<string, ParamValue>, a: Analysed): Drawn {
  const rate = drawRange(rng, p.rate);
  const count = drawRange(rng, p.count, true);
  const sites = sitesOf(op, a, numberParam(p, 'minLength'));
  const accepted: Site[] = [];
  if (count > 0) {
    for (const k of permutation(rng, sites.length)) {
      if (accepted.length >= count) break;
      if (compatible(op, sites[k]!, accepted)) accepted.push(sites[k]!);
    }
    accepted.sort((x, y) => x.token - y.token || x.at - y.at);
  } else {
    for (const s of sites) if (compatible(op, s, accepted) && rng.next() < rate) accepted.push(s);
  }
  const to = accepted.map((s) => replacement(op, s, a.text[s.token]!, rng));
  return {
    rate,
    count,
    tokens: accepted.map((s) => s.token),
    offsets: accepted.map((s) => s.at),
    from: joinList(accepted.map((s) => s.from)),
    to: joinList(to),
  };
}

/** Replays character edits: per token from the last offset back, each only where `from` is really there. */
export function applyCharEdits(a: Analysed, drawn: Drawn): string {
  const tokens = drawnNumbers(drawn, 'tokens');
  const offsets = drawnNumbers(drawn, 'offsets');
  const from = drawnStrings(drawn, 'from', tokens.length);
  const to = drawnStrings(drawn, 'to', tokens.length);
  const order = tokens.map((_, k) => k).sort((x, y) => tokens[x]! - tokens[y]! || offsets[y]! - offsets[x]! || y - x);
  const out = a.text.slice();
  for (const k of order) {
    const t = tokens[k]!;
    const at = offsets[k]!;
    if (!isFree(a, t) || at < 0) continue;
    const word = out[t]!;
    if (word.slice(at, at + from[k]!.length) !== from[k]) continue;
    const next = word.slice(0, at) + to[k]! + word.slice(at + from[k]!.length);
    if (next) out[t] = next;
  }
  return out.join('');
}

/**
 * Text as a list of tokens (words, numbers, whitespace, punctuation) that
 * joins back to the exact input, plus the mask of tokens no operation may
 * touch. Every text operation tokenises the same way in draw() and apply(),
 * so token indices recorded in `drawn` mean the same tokens on replay.
 */
import type { ProtectRules } from '../op.ts';
import { lookupForm, NUMBER_WORDS } from './lexicon.ts';

export const WORD = 0;
export const NUMBER = 1;
export const SPACE = 2;
export const PUNCT = 3;
export type TokenKind = typeof WORD | typeof NUMBER | typeof SPACE | typeof PUNCT;

export interface Tokens {
  text: string[];
  kind: TokenKind[];
  /** True for the first word or number of a sentence. */
  start: boolean[];
}

/**
 * A word is letters, marks and digits, joined by apostrophes or hyphens
 * (don't, well-known); digits may also be joined by . , : / (3.5, 1,000,
 * 12:30). Emoji sequences (ZWJ, skin tones, flags) stay one token, so no
 * character operation can split a surrogate pair or a sequence. As one
 * regular expression (the scanner below is the same thing, faster; a test
 * holds them equal):
 *
 *   ([\p{L}\p{M}\p{N}]+(?:(?:['’-]|(?<=\p{N})[.,:/](?=\p{N}))[\p{L}\p{M}\p{N}]+)*)   word or number
 *   | (\s+)                                                                        space
 *   | (\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*|[\u{1F1E6}-\u{1F1FF}]{1,2})
 *   | ([\s\S])                                                                     punctuation, symbols
 */
const OTHER = 0;
const LETTER_CLASS = 1;
const DIGIT_CLASS = 2;
const SPACE_CLASS = 3;

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) ASCII_CLASS[c] = LETTER_CLASS;
  else if (c >= 0x30 && c <= 0x39) ASCII_CLASS[c] = DIGIT_CLASS;
  else if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) ASCII_CLASS[c] = SPACE_CLASS;
}
const LETTER_CP = /^[\p{L}\p{M}]$/u;
const DIGIT_CP = /^\p{N}$/u;
const SPACE_CP = /^\s$/u;
const EMOJI_AT = /\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*|[\u{1F1E6}-\u{1F1FF}]{1,2}/uy;

/** Class of the code point at i; its length in code units is 2 when it is above U+FFFF. */
function classAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return ASCII_CLASS[c]!;
  const ch = String.fromCodePoint(s.codePointAt(i)!);
  return LETTER_CP.test(ch) ? LETTER_CLASS : DIGIT_CP.test(ch) ? DIGIT_CLASS : SPACE_CP.test(ch) ? SPACE_CLASS : OTHER;
}

const cpLength = (s: string, i: number): number => (s.codePointAt(i)! > 0xffff ? 2 : 1);
const isWordClass = (c: number): boolean => c === LETTER_CLASS || c === DIGIT_CLASS;

/** End of the word or number starting at i, and whether it holds a digit. */
function scanWord(s: string, i: number): [end: number, digit: boolean] {
  const n = s.length;
  let j = i;
  let digit = false;
  let last = OTHER;
  for (;;) {
    while (j < n) {
      const c = classAt(s, j);
      if (!isWordClass(c)) break;
      if (c === DIGIT_CLASS) digit = true;
      last = c;
      j += cpLength(s, j);
    }
    if (j + 1 >= n) break;
    const ch = s.charCodeAt(j);
    const next = classAt(s, j + 1);
    const joins = ch === 0x27 || ch === 0x2019 || ch === 0x2d ? isWordClass(next) : (ch === 0x2e || ch === 0x2c || ch === 0x3a || ch === 0x2f) && last === DIGIT_CLASS && next === DIGIT_CLASS;
    if (!joins) break;
    j++;
  }
  return [j, digit];
}

function splitTokens(input: string): { text: string[]; kind: TokenKind[] } {
  const text: string[] = [];
  const kind: TokenKind[] = [];
  const n = input.length;
  let i = 0;
  while (i < n) {
    const c = classAt(input, i);
    let end: number;
    if (isWordClass(c)) {
      const [e, digit] = scanWord(input, i);
      end = e;
      kind.push(digit ? NUMBER : WORD);
    } else if (c === SPACE_CLASS) {
      end = i + cpLength(input, i);
      while (end < n && classAt(input, end) === SPACE_CLASS) end += cpLength(input, end);
      kind.push(SPACE);
    } else {
      end = i + cpLength(input, i);
      if (input.charCodeAt(i) >= 128) {
        EMOJI_AT.lastIndex = i;
        if (EMOJI_AT.test(input)) end = EMOJI_AT.lastIndex;
      }
      kind.push(PUNCT);
    }
    text.push(input.slice(i, end));
    i = end;
  }
  return { text, kind };
}

const SENTENCE_END = new Set(['.', '!', '?', '\u2026', '\u3002']);
// "Dr. Smith": the full stop of these does not start a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'vs', 'mt', 'no', 'fig']);

export function tokenize(input: string): Tokens {
  const { text, kind } = splitTokens(input);
  const start: boolean[] = new Array<boolean>(text.length);
  let atStart = true;
  let lastWord = '';
  for (let i = 0; i < text.length; i++) {
    const k = kind[i];
    const t = text[i]!;
    if (k === WORD || k === NUMBER) {
      start[i] = atStart;
      atStart = false;
      lastWord = t;
    } else {
      start[i] = false;
      if (k === SPACE ? t.includes('\n') : SENTENCE_END.has(t) && !(t === '.' && ABBREVIATIONS.has(lastWord.toLowerCase()))) atStart = true;
    }
  }
  return { text, kind, start };
}

export function isWordLike(k: TokenKind | undefined): boolean {
  return k === WORD || k === NUMBER;
}

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/gu;

/** Letters, upper-case letters, lower-case letters, and whether a capital follows the first character. */
function caseCounts(word: string): [letters: number, upper: number, lower: number, upperAfterFirst: boolean] {
  let upper = 0;
  let lower = 0;
  let later = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c > 0x7f) return [word.match(LETTER)?.length ?? 0, UPPER.test(word) ? 1 : 0, LOWER.test(word) ? 1 : 0, UPPER.test(word.slice(1))];
    if (c >= 0x41 && c <= 0x5a) {
      upper++;
      if (i > 0) later = true;
    } else if (c >= 0x61 && c <= 0x7a) lower++;
  }
  return [upper + lower, upper, lower, later];
}

/**
 * Names, places, brands and acronyms: capitalised words not at the start of
 * a sentence, words with a capital after the first letter (iPhone,
 * McDonald), and all-caps words of two letters or more (NASA), wherever
 * they are. The pronoun I (I'm, I'll) is not an entity.
 */
export function isEntity(word: string, atSentenceStart: boolean): boolean {
  const [letters, upper, lower, upperAfterFirst] = caseCounts(word);
  if (!upper) return false;
  if (!lower) return letters >= 2;
  if (upperAfterFirst) return true;
  if (atSentenceStart) return false;
  const l = lookupForm(word);
  return l !== 'i' && !l.startsWith("i'");
}

type PhraseIndex = Map<string, string[][]>;
const phraseCache = new WeakMap<readonly string[], PhraseIndex>();

/** User phrases as sequences of non-space tokens in lookup form, by first token (memoised per list). */
function phraseIndex(words: readonly string[]): PhraseIndex {
  let idx = phraseCache.get(words);
  if (idx) return idx;
  idx = new Map();
  for (const w of words) {
    const t = tokenize(w);
    const seq = t.text.filter((_, i) => t.kind[i] !== SPACE).map(lookupForm);
    if (!seq.length) continue;
    const list = idx.get(seq[0]!) ?? [];
    list.push(seq);
    idx.set(seq[0]!, list);
  }
  phraseCache.set(words, idx);
  return idx;
}

function markPhrases(tokens: Tokens, words: readonly string[], mask: Uint8Array): void {
  if (!words.length) return;
  const idx = phraseIndex(words);
  if (!idx.size) return;
  const solid: number[] = [];
  for (let i = 0; i < tokens.text.length; i++) if (tokens.kind[i] !== SPACE) solid.push(i);
  const forms = solid.map((i) => lookupForm(tokens.text[i]!));
  for (let p = 0; p < solid.length; p++) {
    const candidates = idx.get(forms[p]!);
    if (!candidates) continue;
    for (const seq of candidates) {
      if (p + seq.length > solid.length) continue;
      let ok = true;
      for (let q = 1; q < seq.length && ok; q++) ok = forms[p + q] === seq[q];
      if (!ok) continue;
      // The whole span, inner spaces included, so nothing is inserted inside it.
      for (let i = solid[p]!; i <= solid[p + seq.length - 1]!; i++) mask[i] = 1;
    }
  }
}

/**
 * 1 for every token no operation may change, delete, move or insert inside:
 * numbers (and number words), entities, and the user's words and phrases
 * (case-insensitive, whole tokens). A pure function of the tokens and rules.
 */
export function protectedMask(tokens: Tokens, rules: ProtectRules): Uint8Array {
  const n = tokens.text.length;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = tokens.kind[i];
    const t = tokens.text[i]!;
    if (k === NUMBER) mask[i] = rules.numbers ? 1 : 0;
    else if (k === WORD) {
      if (rules.numbers && NUMBER_WORDS.has(lookupForm(t))) mask[i] = 1;
      else if (rules.entities && isEntity(t, tokens.start[i]!)) mask[i] = 1;
    }
  }
  markPhrases(tokens, rules.words, mask);
  return mask;
}

export interface Analysed extends Tokens {
  mask: Uint8Array;
}

export function analyse(text: string, rules: ProtectRules): Analysed {
  const t = tokenize(text);
  return { ...t, mask: protectedMask(t, rules) };
}

/** A word or number no rule protects: what word and character operations may act on. */
export function isFree(a: Analysed, i: number): boolean {
  return isWordLike(a.kind[i]) && a.mask[i] === 0;
}

import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/rng.ts';
import { QWERTY_NEIGHBOURS, neighboursOf } from './keyboard.ts';
import { analyse, isEntity, NUMBER, PUNCT, SPACE, tokenize, WORD } from './tokenize.ts';

const RULES = { numbers: true, entities: true, words: [] as string[] };

function kinds(text: string): Array<[string, number]> {
  const t = tokenize(text);
  return t.text.map((s, i) => [s, t.kind[i]!]);
}

function protectedTokens(text: string, rules = RULES): string[] {
  const a = analyse(text, rules);
  return a.text.filter((_, i) => a.mask[i]);
}

describe('tokenize', () => {
  it('joins back to the exact input', () => {
    for (const s of ['', ' ', 'Hello, world!', '  two  spaces\n\nand\ttabs ', 'don\u2019t stop—now…', "rock'n'roll well-known co-op", '3.5% of 1,000 at 12:30 on 2024-01-14']) {
      expect(tokenize(s).text.join('')).toBe(s);
    }
  });

  it('keeps words with apostrophes and hyphens whole, and numbers with their separators', () => {
    expect(kinds("don't well-known")).toEqual([["don't", WORD], [' ', SPACE], ['well-known', WORD]]);
    expect(kinds('3.5, 1,000 12:30 mp3')).toEqual([['3.5', NUMBER], [',', PUNCT], [' ', SPACE], ['1,000', NUMBER], [' ', SPACE], ['12:30', NUMBER], [' ', SPACE], ['mp3', NUMBER]]);
    // A full stop between words ends a sentence; between digits it is a decimal point.
    expect(kinds('end.Next')).toEqual([['end', WORD], ['.', PUNCT], ['Next', WORD]]);
  });

  it('handles accents, combining marks and emoji without splitting them', () => {
    const text = 'Caf\u00e9 na\u00efve cafe\u0301 \u{1F600}\u{1F44D}\u{1F3FD} \u{1F468}\u200D\u{1F469}\u200D\u{1F467} \u{1F1EB}\u{1F1F7} 1\uFE0F\u20E3 \u65e5\u672c\u8a9e';
    const t = tokenize(text);
    expect(t.text.join('')).toBe(text);
    expect(t.text.filter((_, i) => t.kind[i] === WORD)).toEqual(['Caf\u00e9', 'na\u00efve', 'cafe\u0301', '\u65e5\u672c\u8a9e']);
    expect(t.text).toContain('\u{1F44D}\u{1F3FD}');
    expect(t.text).toContain('\u{1F468}\u200D\u{1F469}\u200D\u{1F467}');
    expect(t.text).toContain('\u{1F1EB}\u{1F1F7}');
    expect(t.text).toContain('1\uFE0F\u20E3');
    for (const tok of t.text) expect(tok).not.toMatch(/\p{Cs}/u); // no lone surrogate
  });

  it('scans exactly as the reference regular expression does', () => {
    const REFERENCE =
      /([\p{L}\p{M}\p{N}]+(?:(?:['\u2019-]|(?<=\p{N})[.,:/](?=\p{N}))[\p{L}\p{M}\p{N}]+)*)|(\s+)|(\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*|[\u{1F1E6}-\u{1F1FF}]{1,2})|([\s\S])/gu;
    const alphabet = ['a', 'Z', '7', '\u0663', ' ', '\n', '\u00a0', "'", '\u2019', '-', '.', ',', ':', '/', '!', '%', '\u00e9', '\u0301', '\u00df', '\u65e5', '\u{1F600}', '\u{1F3FD}', '\u200D', '\uFE0F', '\u{1F1EB}', '\u20E3', '\u{1D400}', '\uD83D'];
    const rng = createRng(5);
    for (let r = 0; r < 3000; r++) {
      const s = Array.from({ length: 1 + rng.int(14) }, () => alphabet[rng.int(alphabet.length)]).join('');
      const expected = [...s.matchAll(REFERENCE)].map((m) => [m[0], m[1] !== undefined ? (/\p{N}/u.test(m[0]) ? NUMBER : WORD) : m[2] !== undefined ? SPACE : PUNCT]);
      const t = tokenize(s);
      expect(t.text.map((x, i) => [x, t.kind[i]]), JSON.stringify(s)).toEqual(expected);
    }
  });

  it('marks the first word of each sentence', () => {
    const t = tokenize('Good food. Great staff! "Really" good? Dr. Smith came.\nNext line');
    const starts = t.text.filter((_, i) => t.start[i]);
    expect(starts).toEqual(['Good', 'Great', 'Really', 'Dr', 'Next']);
  });
});

describe('protected tokens', () => {
  it('protects numbers and number words when asked', () => {
    expect(protectedTokens('I paid 42 dollars for three apples at 3.5 each')).toEqual(['42', 'three', '3.5']);
    expect(protectedTokens('I paid 42 dollars for three apples', { ...RULES, numbers: false })).toEqual([]);
  });

  it('protects capitalised words inside sentences, camel case and acronyms, not sentence starts or I', () => {
    expect(protectedTokens('Yesterday Alice met NASA people in New York. Then I left with my iPhone.')).toEqual(['Alice', 'NASA', 'New', 'York', 'iPhone']);
    expect(protectedTokens('NASA launched it.')).toEqual(['NASA']);
    expect(isEntity('Paris', false)).toBe(true);
    expect(isEntity('Paris', true)).toBe(false);
    expect(isEntity("I'm", false)).toBe(false);
    expect(isEntity('paris', false)).toBe(false);
    expect(protectedTokens('Alice met NASA people', { ...RULES, entities: false })).toEqual([]);
  });

  it('protects user words and phrases case-insensitively, as whole tokens, spaces inside included', () => {
    const rules = { numbers: false, entities: false, words: ['acme widget', 'Store', 'state-of-the-art'] };
    const a = analyse('the ACME   Widget store sells state-of-the-art stores', rules);
    expect(a.text.filter((_, i) => a.mask[i])).toEqual(['ACME', '   ', 'Widget', 'store', 'state-of-the-art']);
    expect(protectedTokens('acme is not a widget', rules)).toEqual([]);
  });
});

describe('QWERTY table', () => {
  it('knows the neighbours of a key, in its case', () => {
    expect([...neighboursOf('g')].sort().join('')).toBe('bfhtvy');
    expect([...neighboursOf('S')].sort().join('')).toBe('ADEWXZ');
    expect(neighboursOf('\u00e9')).toBe('');
    expect(neighboursOf('.')).toBe('');
  });

  it('keeps letters letters and digits digits', () => {
    expect(neighboursOf('q')).toBe('wa');
    expect(neighboursOf('5')).toBe('46');
  });

  it('is symmetric', () => {
    for (const [k, near] of QWERTY_NEIGHBOURS) for (const n of near) expect(QWERTY_NEIGHBOURS.get(n)).toContain(k);
  });
});

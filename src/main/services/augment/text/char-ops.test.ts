import { beforeAll, describe, expect, it } from 'vitest';
import type { ParamValue } from '../../../../shared/augment/spec.ts';
import { neighboursOf } from './keyboard.ts';
import { OCR_CONFUSIONS } from './ocr.ts';
import { LONG_TEXT, run, TEXT_OPS } from './test-helpers.ts';
import { tokenize } from './tokenize.ts';
import { loadWordNet } from './wordnet.ts';

beforeAll(async () => {
  await loadWordNet();
});

const NONE = { numbers: false, entities: false, words: [] };

/** Letters in words of two characters or more: the default sites of the keyboard and character operations. */
const eligibleLetters = (s: string): number => s.split(/\s+/).filter((w) => w.replace(/\W/g, '').length >= 2).reduce((n, w) => n + w.replace(/\W/g, '').length, 0);

/** Whether `out` can be made from `word` by replacing table keys with one of their confusions. */
function ocrDerivable(word: string, out: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    if (i === word.length || j === out.length) return i === word.length && j === out.length;
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    let ok = word[i] === out[j] && go(i + 1, j + 1);
    for (const len of [1, 2]) {
      const from = word.slice(i, i + len);
      for (const to of (from.length === len && OCR_CONFUSIONS[from]) || []) if (!ok && out.startsWith(to, j)) ok = go(i + len, j + to.length);
    }
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}

describe('keyboard_typo', () => {
  it('only produces QWERTY neighbours, in the same case', () => {
    const text = 'Quick Typing Tests Keep Zebras Moving 123 times';
    let typos = 0;
    for (let s = 0; s < 500; s++) {
      const { out } = run('keyboard_typo', text, { rate: [0.2, 0.2] }, s, NONE);
      expect(out.length).toBe(text.length);
      for (let i = 0; i < text.length; i++) {
        if (out[i] === text[i]) continue;
        typos++;
        expect(neighboursOf(text[i]!)).toContain(out[i]);
      }
    }
    expect(typos).toBeGreaterThan(1000);
  });

  it('hits characters at a rate near its parameter', () => {
    let typos = 0;
    const runs = 300;
    for (let s = 0; s < runs; s++) {
      const { out } = run('keyboard_typo', LONG_TEXT, { rate: [0.05, 0.05] }, s);
      for (let i = 0; i < out.length; i++) if (out[i] !== LONG_TEXT[i]) typos++;
    }
    expect(Math.abs(typos / runs / eligibleLetters(LONG_TEXT) - 0.05)).toBeLessThan(0.005);
  });

  it('makes exactly `count` typos when a count is set', () => {
    for (let s = 0; s < 50; s++) {
      const { out } = run('keyboard_typo', LONG_TEXT, { count: [3, 3] }, s);
      expect([...out].filter((c, i) => c !== LONG_TEXT[i]).length).toBe(3);
    }
    expect(run('keyboard_typo', 'ok', { count: [5, 5] }, 1).out).toMatch(/^[a-z]{2}$/); // letters stay letters
  });
});

describe('ocr_confusion', () => {
  it('only makes confusions from the table', () => {
    const text = 'modern clocks show 10:50 and 8 Bold S1gns in the old mill with q9 games';
    let changed = 0;
    for (let s = 0; s < 500; s++) {
      const { drawn, out } = run('ocr_confusion', text, { rate: [0.3, 0.3], minLength: 1 }, s, NONE);
      const from = (drawn.from as string).split('|');
      const to = (drawn.to as string).split('|');
      from.forEach((f, k) => f && expect(OCR_CONFUSIONS[f]).toContain(to[k]));
      // Whitespace never changes; tokens may ("10:50" → "1O:50" is three tokens).
      const a = text.split(' ');
      const b = out.split(' ');
      expect(b.length).toBe(a.length);
      a.forEach((w, i) => expect(ocrDerivable(w, b[i]!), `${w} → ${b[i]}`).toBe(true));
      if (out !== text) changed++;
    }
    expect(changed).toBeGreaterThan(450);
  });

  it('confuses digits only when numbers are not protected', () => {
    for (let s = 0; s < 200; s++) {
      expect(run('ocr_confusion', 'room 105 at 8', { rate: [0.5, 0.5], minLength: 1 }, s).out).toMatch(/ 105 at 8$/);
    }
    const outs = Array.from({ length: 200 }, (_, s) => run('ocr_confusion', 'room 105 at 8', { rate: [0.5, 0.5], minLength: 1 }, s, NONE).out);
    expect(outs.some((o) => !/ 105 at 8$/.test(o))).toBe(true);
  });
});

describe('char_insert, char_swap, char_delete', () => {
  it('insert adds letters inside words (never in front) at a rate near its parameter', () => {
    let inserted = 0;
    const runs = 300;
    const before = tokenize(LONG_TEXT).text;
    for (let s = 0; s < runs; s++) {
      const { out } = run('char_insert', LONG_TEXT, { rate: [0.05, 0.05] }, s);
      const after = tokenize(out).text;
      expect(after.length).toBe(before.length);
      before.forEach((w, i) => expect(after[i]![0]).toBe(w[0]));
      inserted += out.length - LONG_TEXT.length;
    }
    expect(Math.abs(inserted / runs / eligibleLetters(LONG_TEXT) - 0.05)).toBeLessThan(0.005);
  });

  it('swap only reorders the letters of a word', () => {
    const sorted = (w: string): string => [...w].sort().join('');
    const before = tokenize(LONG_TEXT).text;
    let swaps = 0;
    for (let s = 0; s < 300; s++) {
      const { out, drawn } = run('char_swap', LONG_TEXT, { rate: [0.05, 0.05] }, s);
      const after = tokenize(out).text;
      before.forEach((w, i) => expect(sorted(after[i]!)).toBe(sorted(w)));
      swaps += (drawn.tokens as number[]).length;
    }
    // Sites are pairs of different neighbouring letters; accepted swaps never overlap, so a little under the rate.
    const pairs = LONG_TEXT.split(/\W+/).filter((w) => w.length >= 2).reduce((n, w) => n + [...w.slice(1)].filter((c, i) => c !== w[i]).length, 0);
    const rate = swaps / 300 / pairs;
    expect(rate).toBeGreaterThan(0.045);
    expect(rate).toBeLessThan(0.0505);
  });

  it('delete removes letters at a rate near its parameter and never a whole word', () => {
    const before = tokenize(LONG_TEXT).text;
    let deleted = 0;
    for (let s = 0; s < 300; s++) {
      const { out } = run('char_delete', LONG_TEXT, { rate: [0.05, 0.05] }, s);
      expect(tokenize(out).text.length).toBe(before.length);
      deleted += LONG_TEXT.length - out.length;
    }
    expect(Math.abs(deleted / 300 / eligibleLetters(LONG_TEXT) - 0.05)).toBeLessThan(0.005);
    for (let s = 0; s < 300; s++) expect(run('char_delete', 'ab cd', { rate: [0.5, 0.5] }, s).out).toMatch(/^[ab]{1,2} [cd]{1,2}$/);
  });

  it('leaves words shorter than minLength alone', () => {
    for (let s = 0; s < 100; s++) expect(run('char_delete', 'go to the mall', { rate: [0.5, 0.5], minLength: 4 }, s).out).toMatch(/^go to the m?a?l?l?$/);
  });
});

describe('unicode text', () => {
  const text = 'Caf\u00e9 na\u00efve cafe\u0301 \u{1F600}\u{1F44D}\u{1F3FD} fa\u00e7ade \u{1F468}\u200D\u{1F469}\u200D\u{1F467} \u65e5\u672c\u8a9e \u{1F1EB}\u{1F1F7} r\u00e9sum\u00e9s were lovely.';
  const emoji = ['\u{1F600}\u{1F44D}\u{1F3FD}', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', '\u{1F1EB}\u{1F1F7}'];

  it.each(TEXT_OPS)('%s keeps emoji whole, accents attached and the text well formed', (name) => {
    for (let s = 0; s < 300; s++) {
      const charLevel = name.startsWith('char') || name === 'keyboard_typo' || name === 'ocr_confusion';
      const params: Record<string, ParamValue> = charLevel ? { rate: [0.3, 0.3], minLength: 1 } : {};
      const { out } = run(name, text, params, s, NONE);
      expect(out).not.toMatch(/\p{Cs}/u);
      for (const e of emoji) expect(out).toContain(e);
      expect(out).not.toMatch(/(^|[^\p{L}\p{N}])\p{M}/u);
      expect(tokenize(out).text.join('')).toBe(out);
    }
  });
});

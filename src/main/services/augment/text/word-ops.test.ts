import { beforeAll, describe, expect, it } from 'vitest';
import { synonymCandidates } from './synonyms.ts';
import { LONG_TEXT, run } from './test-helpers.ts';
import { tokenize } from './tokenize.ts';
import { loadWordNet, type WordNet } from './wordnet.ts';

let wn: WordNet;
beforeAll(async () => {
  wn = await loadWordNet();
});

const ALL = { fraction: [1, 1] as [number, number], max: 100 };
const words = (s: string): string[] => {
  const t = tokenize(s);
  return t.text.filter((_, i) => t.kind[i] === 0 || t.kind[i] === 1);
};

describe('synonym_replace', () => {
  it('replaces "car" with a WordNet synonym, keeping the case pattern', () => {
    const keepSale = { numbers: true, entities: true, words: ['sale'] };
    const outs = new Set(Array.from({ length: 60 }, (_, s) => run('synonym_replace', 'Car for sale.', ALL, s, keepSale).out));
    expect(outs).toContain('Automobile for sale.');
    for (const o of outs) expect(o).toMatch(/^[A-Z][a-z -]+ for sale\.$/);
    const upper = run('synonym_replace', 'CAR', ALL, 1, { numbers: true, entities: false, words: [] }).out;
    expect(upper).toMatch(/^[A-Z -]+$/);
    expect(upper).not.toBe('CAR');
  });

  it('re-inflects: a plural noun gets a plural synonym, a verb keeps its -ing', () => {
    const cars = new Set(synonymCandidates(wn, 'cars', 3));
    const running = new Set(synonymCandidates(wn, 'running', 3));
    for (let s = 0; s < 30; s++) {
      const out = run('synonym_replace', 'old cars', { fraction: [0, 0], min: 1, max: 1 }, s, { numbers: true, entities: true, words: ['old'] }).out;
      expect(out.startsWith('old ')).toBe(true);
      expect(cars.has(out.slice(4))).toBe(true);
      expect(running.has(run('synonym_replace', 'running', ALL, s).out)).toBe(true);
    }
    expect(cars.has('automobiles')).toBe(true);
  });

  it('changes content words only: stopwords stay, and a text of stopwords is left alone', () => {
    const text = 'it was on the way to the car';
    for (let s = 0; s < 50; s++) {
      const out = run('synonym_replace', text, ALL, s).out;
      expect(out).toMatch(/^it was on the [a-z' -]+ to the [a-z' -]+$/);
      expect(out).not.toMatch(/ the way | the car$/);
    }
    expect(run('synonym_replace', 'and then it was for them', ALL, 1).out).toBe('and then it was for them');
  });

  it('replaces a share of the eligible words near the fraction', () => {
    const eligible = (run('synonym_replace', LONG_TEXT, ALL, 0).drawn.positions as number[]).length;
    expect(eligible).toBeGreaterThan(15);
    let replaced = 0;
    const runs = 400;
    for (let s = 0; s < runs; s++) replaced += (run('synonym_replace', LONG_TEXT, { fraction: [0.3, 0.3], min: 0, max: 100 }, s).drawn.positions as number[]).length;
    expect(replaced / runs / eligible).toBeCloseTo(0.3, 1);
    expect(Math.abs(replaced / runs / eligible - 0.3)).toBeLessThan(0.02);
  });

  it('honours min and max', () => {
    for (let s = 0; s < 20; s++) {
      expect((run('synonym_replace', LONG_TEXT, { fraction: [0, 0], min: 4, max: 10 }, s).drawn.positions as number[]).length).toBe(4);
      expect((run('synonym_replace', LONG_TEXT, { fraction: [1, 1], min: 0, max: 2 }, s).drawn.positions as number[]).length).toBe(2);
    }
  });
});

describe('synonym_insert', () => {
  it('inserts synonyms of words of the text, keeping every original word in order', () => {
    const text = 'The old car stopped near the river.';
    for (let s = 0; s < 200; s++) {
      const { drawn, out } = run('synonym_insert', text, { fraction: [0.5, 0.5] }, s);
      const inserted = (drawn.words as string).split('|');
      const got = words(out);
      expect(got.length).toBeGreaterThan(words(text).length);
      expect(got[0]).toBe('The'); // nothing goes before the start of a sentence
      let k = 0;
      for (const w of got) if (w === words(text)[k]) k++;
      expect(k).toBe(words(text).length);
      for (const w of inserted) {
        const from = ['old', 'car', 'stopped', 'near', 'river'].flatMap((x) => synonymCandidates(wn, x, 3));
        expect(from).toContain(w);
      }
      expect(out).toMatch(/^The [a-z' -]+\.$/);
      expect(out).not.toMatch(/ {2}| \./);
    }
  });
});

describe('random_swap', () => {
  it('keeps the multiset of tokens and the token count', () => {
    const sorted = (s: string): string[] => tokenize(s).text.slice().sort();
    for (let s = 0; s < 300; s++) {
      const { out } = run('random_swap', LONG_TEXT, { n: [1, 5] }, s);
      expect(sorted(out)).toEqual(sorted(LONG_TEXT));
    }
  });

  it('does n swaps', () => {
    const { drawn } = run('random_swap', LONG_TEXT, { n: [3, 3] }, 1);
    expect((drawn.pairs as number[]).length).toBe(6);
    expect(run('random_swap', 'alone', { n: [3, 3] }, 1).out).toBe('alone');
  });
});

describe('random_delete', () => {
  it('never deletes everything', () => {
    for (let s = 0; s < 1000; s++) {
      expect(run('random_delete', 'Hello', { rate: [0.9, 0.9] }, s).out).toBe('Hello');
      const out = run('random_delete', 'good food, nice staff!', { rate: [0.9, 0.9] }, s).out;
      expect(words(out).length).toBeGreaterThanOrEqual(1);
      expect(out.trim()).not.toBe('');
    }
  });

  it('deletes each word with probability near the rate, leaving tidy spacing', () => {
    const total = words(LONG_TEXT).length;
    let deleted = 0;
    const runs = 400;
    for (let s = 0; s < runs; s++) {
      const { out } = run('random_delete', LONG_TEXT, { rate: [0.3, 0.3] }, s);
      deleted += total - words(out).length;
      expect(out).not.toMatch(/ {2}|^ | $| \./);
    }
    expect(Math.abs(deleted / runs / total - 0.3)).toBeLessThan(0.02);
  });

  it('takes a neighbouring space with the word', () => {
    expect(run('random_delete', 'good', { rate: [0, 0] }, 1).out).toBe('good');
    const out = new Set(Array.from({ length: 200 }, (_, s) => run('random_delete', '(very) good, thanks', { rate: [0.5, 0.5] }, s).out));
    for (const o of out) expect(['(very) good, thanks', '() good, thanks', '(very), thanks', '(very) good,', '(), thanks', '() good,', '(very),']).toContain(o);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextFeatures, type TextState } from '../../../shared/features/spec.ts';
import { readTable } from '../datasets/tabular.ts';
import { encodeIds, fitText, ngrams, tokenize, transformText } from './text.ts';

const GOOD_CSV = path.resolve(import.meta.dirname, '../../../../test/fixtures/text/good.csv');
const config = (o: Record<string, unknown> = {}): TextFeatures => TextFeatures.parse({ modality: 'text', ...o });

async function csvTexts(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of readTable(file)) if (e.kind === 'row') out.push(String(e.record.text));
  return out;
}

describe('text tokens', () => {
  it('normalises with NFKC and lowercases before splitting words', () => {
    expect(tokenize(config(), 'Ｃａｆé ﬁne — DON’T stop, it’s 2ND!')).toEqual(['café', 'fine', 'don’t', 'stop', 'it’s', '2nd']);
    expect(tokenize(config({ tokenizer: 'word+punct' }), 'Wow, great!')).toEqual(['wow', ',', 'great', '!']);
    expect(tokenize(config({ tokenizer: 'char' }), 'Ab  c')).toEqual(['a', 'b', ' ', 'c']);
  });

  it('builds n-grams of 1 … n tokens', () => {
    expect(ngrams(['a', 'b', 'c'], 2, ' ')).toEqual(['a', 'a b', 'b', 'b c', 'c']);
  });
});

describe('vocabulary (sequence mode)', () => {
  const train = ['The cat sat.', 'the cat ran', 'A dog ran!'];

  it('comes from the fitted rows only; unseen words become <unk>', async () => {
    const state = await fitText(config({ minCount: 1, output: { mode: 'sequence', maxLen: 5 } }), train);
    // Reserved first, then by count (cat, ran, the: 2 each, in code-unit order), then the singletons.
    expect(state.vocab).toEqual(['<pad>', '<unk>', 'cat', 'ran', 'the', 'a', 'dog', 'sat']);
    expect(encodeIds(state, 'the bird sat')).toEqual([4, 1, 7]);
    const { data, shape, dtype } = transformText(state, ['the bird sat', 'a cat ran the cat sat away']);
    expect(dtype).toBe('int32');
    expect(shape).toEqual([2, 5]);
    // Padding goes first (pre), long texts keep their start (truncating post).
    expect(Array.from(data)).toEqual([0, 0, 4, 1, 7, 5, 2, 3, 4, 2]);
  });

  it('drops tokens rarer than minCount and caps the size', async () => {
    const state = await fitText(config({ minCount: 2 }), train);
    expect(state.vocab).toEqual(['<pad>', '<unk>', 'cat', 'ran', 'the']);
    expect(encodeIds(state, 'a dog sat')).toEqual([1, 1, 1]);
    const capped = await fitText(config({ minCount: 1, maxVocab: 3 }), train);
    expect(capped.vocab).toEqual(['<pad>', '<unk>', 'cat']);
  });

  it('fits the same from an async stream as from an array, and on a real CSV', async () => {
    const texts = await csvTexts(GOOD_CSV);
    async function* stream(): AsyncGenerator<string> {
      for (const t of texts) yield t;
    }
    const a = await fitText(config(), texts);
    const b = await fitText(config(), stream());
    expect(b).toEqual(a);
    expect(a.documents).toBe(12);
    // auto length: the 95th percentile of token counts, at least 8.
    const lengths = texts.map((t) => tokenize(a.config, t).length).sort((x, y) => x - y);
    expect(a.maxLen).toBe(Math.max(8, lengths[Math.ceil(0.95 * 12) - 1]!));
    expect(a.vocab.slice(0, 3)).toEqual(['<pad>', '<unk>', 'the']);
  });
});

describe('bag of n-grams', () => {
  const corpus = ['the cat sat', 'the dog sat', 'the cat'];
  const bag = (weighting: string, l2: boolean, ngrams = 1): TextFeatures => config({ minCount: 1, output: { mode: 'bag', ngrams, weighting, l2 } });

  function row(state: TextState, text: string): Record<string, number> {
    const { data } = transformText(state, [text]);
    return Object.fromEntries(state.vocab.map((t, i) => [t, data[i]!]).filter(([, v]) => v !== 0));
  }

  it('computes tf-idf as hand-computed (smoothed idf, then L2)', async () => {
    const state = await fitText(bag('tfidf', false), corpus);
    // N = 3 documents; df: the 3, cat 2, sat 2, dog 1; idf = ln((1 + N) / (1 + df)) + 1.
    const idf = { the: 1, cat: Math.log(4 / 3) + 1, sat: Math.log(4 / 3) + 1, dog: Math.log(2) + 1 };
    expect(Object.fromEntries(state.vocab.map((t, i) => [t, state.idf![i]]))).toEqual(idf);
    const raw = row(state, 'the cat cat unknown');
    expect(raw.the).toBeCloseTo(1, 6);
    expect(raw.cat).toBeCloseTo(2 * (Math.log(4 / 3) + 1), 6); // 2.575364
    expect(Object.keys(raw)).toHaveLength(2);

    const unit = row(await fitText(bag('tfidf', true), corpus), 'the cat cat unknown');
    const norm = Math.hypot(1, 2 * (Math.log(4 / 3) + 1));
    expect(unit.the).toBeCloseTo(1 / norm, 6); // 0.361965, as scikit-learn's TfidfVectorizer gives
    expect(unit.cat).toBeCloseTo((2 * (Math.log(4 / 3) + 1)) / norm, 6); // 0.932192
  });

  it('counts, or marks presence, with n-gram features named for reading weights', async () => {
    const counts = await fitText(bag('count', false, 2), corpus);
    expect(counts.vocab).toContain('the cat');
    // 'cat the' never occurred in train, so it is no feature.
    expect(row(counts, 'the cat the cat')).toEqual({ the: 2, cat: 2, 'the cat': 2 });
    const binary = await fitText(bag('binary', false, 2), corpus);
    expect(row(binary, 'the cat the cat')).toEqual({ the: 1, cat: 1, 'the cat': 1 });
  });
});

import { beforeAll, describe, expect, it, vi } from 'vitest';
import { textOpSpecs } from '../../../../shared/augment/catalog-text.ts';
import { createRng } from '../../../../shared/rng.ts';
import { makeTextOps, textOps } from './ops.ts';
import { applyDrawn, HEAVY, LONG_TEXT, op, run, TEXT_OPS } from './test-helpers.ts';
import { tokenize } from './tokenize.ts';
import { loadWordNet } from './wordnet.ts';

beforeAll(async () => {
  await loadWordNet();
});

describe('text operations', () => {
  it('implement every spec of the catalog, in catalog order', () => {
    expect(textOps.map((o) => o.spec.name)).toEqual(textOpSpecs.map((s) => s.name));
    expect(TEXT_OPS.toSorted()).toEqual(textOpSpecs.map((s) => s.name).toSorted());
    for (const s of textOpSpecs) expect(s.modality).toBe('text');
  });

  it.each(TEXT_OPS)('%s: the same seed gives the same drawn values and output', (name) => {
    for (const seed of [1, 2, 99]) {
      const a = run(name, LONG_TEXT, {}, seed);
      const b = run(name, LONG_TEXT, {}, seed);
      expect(b.drawn).toEqual(a.drawn);
      expect(b.out).toBe(a.out);
    }
  });

  it.each(TEXT_OPS)('%s: different seeds give different outputs on a long sentence', (name) => {
    const outs = new Set(Array.from({ length: 20 }, (_, s) => run(name, LONG_TEXT, {}, s).out));
    expect(outs.size).toBeGreaterThanOrEqual(10);
    expect(outs.has(LONG_TEXT) && outs.size === 1).toBe(false);
  });

  it.each(TEXT_OPS)('%s: drawn is plain JSON and replays exactly, without a generator', (name) => {
    for (let seed = 0; seed < 50; seed++) {
      const { drawn, out } = run(name, LONG_TEXT, {}, seed);
      for (const v of Object.values(drawn)) {
        const ok = ['number', 'string', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
        expect(ok).toBe(true);
      }
      const recorded = JSON.parse(JSON.stringify(drawn)) as typeof drawn;
      expect(applyDrawn(name, LONG_TEXT, recorded)).toBe(out);
    }
  });

  it('apply() skips recorded edits that do not fit the text instead of corrupting it', () => {
    expect(applyDrawn('synonym_replace', 'a car', { positions: [1, 2, 99, -1], words: 'x|automobile|y|z' })).toBe('a automobile');
    expect(applyDrawn('synonym_replace', 'a car', { positions: [2], words: 3 })).toBe('a car');
    expect(applyDrawn('random_swap', 'one two', { pairs: [0, 99] })).toBe('one two');
    expect(applyDrawn('char_delete', 'hello', { tokens: [0], offsets: [1], from: 'x', to: '' })).toBe('hello');
    expect(applyDrawn('char_delete', 'hello', { tokens: [0], offsets: [1], from: 'e', to: '' })).toBe('hllo');
  });

  it('draw() needs WordNet loaded and says so; apply() replays without it', async () => {
    const { drawn, out } = run('synonym_replace', LONG_TEXT, {}, 3);
    vi.resetModules();
    const fresh = await import('./ops.ts');
    const replace = fresh.textOps.find((o) => o.spec.name === 'synonym_replace')!;
    expect(() => replace.draw(createRng(3), {}, { text: LONG_TEXT })).toThrow(/await loadWordNet\(\)/);
    const ctx = { protect: { numbers: true, entities: true, words: [] }, backgroundClips: () => Promise.resolve([]) };
    expect(await replace.apply({ text: LONG_TEXT }, drawn, ctx)).toEqual({ text: out });
  });

  it('makeTextOps binds the rules: the same draw protects different tokens', () => {
    const text = 'the quick fox saw the quick dog';
    const loose = makeTextOps({ numbers: true, entities: true, words: [] }).find((o) => o.spec.name === 'synonym_replace')!;
    const strict = makeTextOps({ numbers: true, entities: true, words: ['QUICK', 'fox', 'dog', 'saw'] }).find((o) => o.spec.name === 'synonym_replace')!;
    const params = { fraction: [1, 1] as [number, number], max: 50 };
    expect(loose.draw(createRng(1), params, { text }).positions).not.toEqual([]);
    expect(strict.draw(createRng(1), params, { text }).positions).toEqual([]);
  });
});

describe('protected tokens survive every operation', () => {
  const rules = { numbers: true, entities: true, words: ['acme widget', 'store', 'fresh apples'] };
  const text =
    'Yesterday Alice paid 42 dollars for the blue Acme Widget in New York, while the cheap store sold 3.5 kilos of fresh apples to NASA engineers and happy children.';
  const input = tokenize(text);
  const guarded = ['Alice', '42', 'Acme', 'Widget', 'New', 'York', 'store', '3.5', 'fresh', 'apples', 'NASA'];
  const phrases = [['Acme', ' ', 'Widget'], ['New', ' ', 'York'], ['fresh', ' ', 'apples']];

  function hasRun(tokens: string[], seq: string[]): boolean {
    return tokens.some((_, i) => seq.every((s, k) => tokens[i + k] === s));
  }

  function isSubsequence(seq: string[], of: string[]): boolean {
    let k = 0;
    for (const t of of) if (t === seq[k]) k++;
    return k === seq.length;
  }

  it.each(TEXT_OPS)('%s: 1,000 seeded runs at heavy settings', (name) => {
    expect(op(name, rules).spec.name).toBe(name);
    let changed = 0;
    for (let seed = 0; seed < 1000; seed++) {
      const { out } = run(name, text, HEAVY[name]!, seed, rules);
      if (out !== text) changed++;
      const t = tokenize(out);
      const solid = t.text.filter((_, i) => t.kind[i] !== 2);
      expect(isSubsequence(guarded, solid), `${name} seed ${seed}: ${out}`).toBe(true);
      for (const p of phrases) expect(hasRun(t.text, p), `${name} seed ${seed}: ${out}`).toBe(true);
      if (name === 'random_swap') {
        // Swaps never move a protected token: every one is still at its index.
        input.text.forEach((tok, i) => {
          if (guarded.includes(tok)) expect(t.text[i]).toBe(tok);
        });
      }
    }
    expect(changed).toBeGreaterThan(900);
  });
});

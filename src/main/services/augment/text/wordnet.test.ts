import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inflect } from './morph.ts';
import { readings, synonymCandidates } from './synonyms.ts';
import { defaultDictDir, loadWordNet, POSES, readWordNet, type WordNet } from './wordnet.ts';

let wn: WordNet;
beforeAll(async () => {
  wn = await loadWordNet();
});

describe('WordNet loader', () => {
  it('loads the whole dictionary once per process, quickly', async () => {
    expect(await loadWordNet()).toBe(wn);
    expect(wn.stats.synsets).toBeGreaterThan(110_000);
    expect(wn.stats.entries).toBeGreaterThan(150_000);
    // "well under 2 s" on a quiet machine; the bound leaves room for a busy CI runner.
    expect(wn.stats.loadMs).toBeLessThan(4000);
  });

  it('indexes every lemma of every index file (the files are sorted the way lookups assume)', () => {
    const files = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' } as const;
    for (const pos of POSES) {
      const lines = readFileSync(path.join(defaultDictDir(), `index.${files[pos]}`), 'latin1').split('\n');
      const lemmas = lines.filter((l) => l && !l.startsWith(' ')).map((l) => l.slice(0, l.indexOf(' ')));
      // Every 97th lemma, plus the first and last: a binary search over an unsorted list would miss some.
      const sample = lemmas.filter((_, i) => i % 97 === 0).concat(lemmas[lemmas.length - 1]!);
      expect(sample.filter((l) => !wn.has(l.replace(/_/g, ' '), pos))).toEqual([]);
    }
    expect(wn.has('automobile', 'n')).toBe(true);
    expect(wn.has('movie', 'v')).toBe(false);
    expect(wn.has('zzzznotaword', 'n')).toBe(false);
  });

  it('finds synonyms of common words, in sense order', () => {
    const car = wn.synonyms('car', 'n');
    expect(car).toContain('automobile');
    expect(car.slice(0, 4)).toEqual(['auto', 'automobile', 'machine', 'motorcar']);
    const quick = wn.synonyms('quick', 'a');
    expect(quick).toContain('fast');
    expect(quick).toContain('speedy');
    expect(wn.synonyms('happy', 'a')).toContain('glad');
    expect(wn.synonyms('movie', 'n')).toContain('film');
    expect(wn.synonyms('quickly', 'r')).toContain('rapidly');
  });

  it('limits synonyms to the first senses when asked', () => {
    const all = wn.synonyms('car', 'n', 0);
    const first = wn.synonyms('car', 'n', 1);
    expect(first).toEqual(['auto', 'automobile', 'machine', 'motorcar']);
    expect(all.length).toBeGreaterThan(first.length);
    expect(all).toContain('cable car'); // fifth sense
  });

  it('turns multi-word lemmas into spaced words and leaves out names, digits and the word itself', () => {
    const run = wn.synonyms('run', 'v');
    expect(run).toContain('run away');
    for (const pos of POSES) {
      for (const w of ['car', 'run', 'quick', 'good', 'man', 'three', 'washington', 'well']) {
        for (const s of wn.synonyms(w, pos)) {
          expect(s).toMatch(/^[a-z' -]+$/);
          expect(s).not.toBe(w);
        }
      }
    }
    expect(wn.synonyms('three', 'n')).not.toContain('3');
  });

  it('finds base forms: suffix rules, doubled consonants and irregular forms', () => {
    expect(wn.baseForms('running', 'v')).toContainEqual({ lemma: 'run', form: 'ing' });
    expect(wn.baseForms('cars', 'n')).toEqual([{ lemma: 'car', form: 'plural' }]);
    expect(wn.baseForms('ran', 'v')).toContainEqual({ lemma: 'run', form: 'past' });
    expect(wn.baseForms('children', 'n')).toContainEqual({ lemma: 'child', form: 'plural' });
    expect(wn.baseForms('boxes', 'n')).toContainEqual({ lemma: 'box', form: 'plural' });
    expect(wn.baseForms('studies', 'n')).toContainEqual({ lemma: 'study', form: 'plural' });
    expect(wn.baseForms('stopped', 'v')).toContainEqual({ lemma: 'stop', form: 'past' });
    expect(wn.baseForms('bigger', 'a')).toContainEqual({ lemma: 'big', form: 'er' });
    expect(wn.baseForms('happiest', 'a')).toContainEqual({ lemma: 'happy', form: 'est' });
    expect(wn.baseForms('better', 'a')).toContainEqual({ lemma: 'good', form: 'er' });
  });

  it('reads an ambiguous word as its usual part of speech', () => {
    expect(readings(wn, 'running')[0]).toMatchObject({ pos: 'v', lemma: 'run', form: 'ing' });
    expect(readings(wn, 'car')[0]).toMatchObject({ pos: 'n', lemma: 'car' });
    expect(readings(wn, 'quick')[0]).toMatchObject({ pos: 'a', lemma: 'quick' });
  });

  it('merges *.exc exception lists when the dictionary folder has them', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'wn-'));
    try {
      for (const f of ['noun', 'verb', 'adj', 'adv']) {
        copyFileSync(path.join(defaultDictDir(), `index.${f}`), path.join(dir, `index.${f}`));
        copyFileSync(path.join(defaultDictDir(), `data.${f}`), path.join(dir, `data.${f}`));
      }
      writeFileSync(path.join(dir, 'noun.exc'), 'automobilia automobile\n');
      const local = await readWordNet(dir);
      expect(local.baseForms('automobilia', 'n')).toEqual([{ lemma: 'automobile', form: 'plural' }]);
      expect(wn.baseForms('automobilia', 'n')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('synonym candidates in the form of the original word', () => {
  it('re-inflects plural nouns, verb forms and comparatives', () => {
    expect(synonymCandidates(wn, 'cars', 3)).toContain('automobiles');
    expect(synonymCandidates(wn, 'cars', 3)).toContain('railway cars');
    expect(synonymCandidates(wn, 'children', 3)).toContain('kids');
    expect(synonymCandidates(wn, 'running', 3)).toContain('running away');
    expect(synonymCandidates(wn, 'stopped', 3)).toContain('halted');
    expect(synonymCandidates(wn, 'went', 3)).toContain('traveled');
    expect(synonymCandidates(wn, 'bigger', 3)).toContain('larger');
    expect(synonymCandidates(wn, 'car', 3)).not.toContain('car');
  });

  it('inflects by rule and by table', () => {
    const irr = wn.irregulars;
    expect(inflect('box', 'plural', 'n', irr)).toBe('boxes');
    expect(inflect('city', 'plural', 'n', irr)).toBe('cities');
    expect(inflect('fireman', 'plural', 'n', irr)).toBe('firemen');
    expect(inflect('human', 'plural', 'n', irr)).toBe('humans');
    expect(inflect('sheep', 'plural', 'n', irr)).toBe('sheep');
    expect(inflect('motor car', 'plural', 'n', irr)).toBe('motor cars');
    expect(inflect('make', 'ing', 'v', irr)).toBe('making');
    expect(inflect('stop', 'ing', 'v', irr)).toBe('stopping');
    expect(inflect('visit', 'ing', 'v', irr)).toBe('visiting');
    expect(inflect('die', 'ing', 'v', irr)).toBe('dying');
    expect(inflect('take', 'past', 'v', irr)).toBe('took');
    expect(inflect('take', 'pp', 'v', irr)).toBe('taken');
    expect(inflect('carry', 'past', 'v', irr)).toBe('carried');
    expect(inflect('go', 's', 'v', irr)).toBe('goes');
    expect(inflect('run away', 's', 'v', irr)).toBe('runs away');
    expect(inflect('happy', 'er', 'a', irr)).toBe('happier');
    expect(inflect('big', 'est', 'a', irr)).toBe('biggest');
    expect(inflect('good', 'er', 'a', irr)).toBe('better');
    expect(inflect('beautiful', 'er', 'a', irr)).toBe('more beautiful');
    expect(inflect('dark blue', 'er', 'a', irr)).toBeNull();
  });
});

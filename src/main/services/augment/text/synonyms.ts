/**
 * Synonym candidates for one word as it appears in a text: find its
 * readings (part of speech, base form, inflection), take the likeliest
 * reading that has synonyms, and put those synonyms back into the word's
 * inflection ("cars" → automobiles, "running" → operating). Without a
 * tagger the reading is chosen by WordNet's own sense-tagged counts, so
 * "run" reads as a verb and "car" as a noun.
 */
import type { Form } from './irregular.ts';
import { inflect, type Pos } from './morph.ts';
import { POSES, type WordNet } from './wordnet.ts';

interface Scored {
  pos: Pos;
  lemma: string;
  form: Form;
  score: number;
  order: number;
}

/** Readings of a lower-case word, likeliest first (a deterministic order: score, then POS n v a r, then rule order). */
export function readings(wn: WordNet, word: string): Scored[] {
  const out: Scored[] = [];
  for (const pos of POSES) {
    for (const r of wn.baseForms(word, pos)) {
      // A base-form reading breaks ties with an inflected one (glasses: the noun, not glass + s).
      out.push({ pos, lemma: r.lemma, form: r.form, score: wn.tagged(r.lemma, pos) + (r.form === 'base' ? 0.5 : 0), order: out.length });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.order - b.order);
}

const caches = new WeakMap<WordNet, Map<string, readonly string[]>>();

/**
 * Lower-case replacements for `word` (lower case, apostrophes folded),
 * inflected like it, without the word itself and without duplicates;
 * empty when WordNet has none. `senses` limits the senses considered (0:
 * all). Memoised per WordNet.
 */
export function synonymCandidates(wn: WordNet, word: string, senses: number): readonly string[] {
  let cache = caches.get(wn);
  if (!cache) caches.set(wn, (cache = new Map()));
  const key = `${senses} ${word}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let out: string[] = [];
  for (const r of readings(wn, word)) {
    const seen = new Set<string>([word]);
    const list: string[] = [];
    for (const s of wn.synonyms(r.lemma, r.pos, senses)) {
      const w = inflect(s, r.form, r.pos, wn.irregulars);
      if (w === null || seen.has(w)) continue;
      seen.add(w);
      list.push(w);
    }
    if (list.length) {
      out = list;
      break;
    }
  }
  if (cache.size > 100_000) cache.clear();
  cache.set(key, out);
  return out;
}

const HAS_UPPER = /\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;

/** `replacement` in the case pattern of `original`: lower, Capitalised or UPPER. */
export function matchCase(original: string, replacement: string): string {
  if (!HAS_UPPER.test(original)) return replacement;
  if (!HAS_LOWER.test(original) && original.length > 1) return replacement.toUpperCase();
  return replacement.charAt(0).toUpperCase() + replacement.slice(1);
}

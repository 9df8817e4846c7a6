/**
 * English inflection in both directions, WordNet-morphy style: base forms of
 * an inflected word (irregular table first, then suffix rules, keeping only
 * lemmas the dictionary has) and re-inflection of a synonym to the form of
 * the word it replaces. Deliberately simple: rules plus a table, no tagger.
 */
import { INVARIANT_NOUNS, type Form, type Irregulars } from './irregular.ts';

export type Pos = 'n' | 'v' | 'a' | 'r';

export interface Reading {
  lemma: string;
  form: Form;
}

type Rule = [suffix: string, replacement: string, form: Form];

// WordNet's morphy rules, plus -ied, -ying, -ier and -iest.
const RULES: Record<Pos, Rule[]> = {
  n: [['s', '', 'plural'], ['ses', 's', 'plural'], ['xes', 'x', 'plural'], ['zes', 'z', 'plural'], ['ches', 'ch', 'plural'], ['shes', 'sh', 'plural'], ['men', 'man', 'plural'], ['ies', 'y', 'plural']],
  v: [['s', '', 's'], ['ies', 'y', 's'], ['es', 'e', 's'], ['es', '', 's'], ['ed', 'e', 'past'], ['ed', '', 'past'], ['ied', 'y', 'past'], ['ing', 'e', 'ing'], ['ing', '', 'ing'], ['ying', 'ie', 'ing']],
  a: [['er', '', 'er'], ['est', '', 'est'], ['er', 'e', 'er'], ['est', 'e', 'est'], ['ier', 'y', 'er'], ['iest', 'y', 'est']],
  r: [],
};

const DOUBLED = /([bdgklmnprtvz])\1$/;

/**
 * Readings of `word` (lower case) as `pos` whose lemma the dictionary has,
 * irregular forms first, then the word itself, then suffix rules (with an
 * undoubled consonant: running → run, bigger → big). Deduplicated, in order.
 */
export function baseForms(word: string, pos: Pos, has: (lemma: string, pos: Pos) => boolean, irr: Irregulars): Reading[] {
  const out: Reading[] = [];
  const push = (lemma: string, form: Form): void => {
    if (lemma.length < 2 || !has(lemma, pos)) return;
    if (!out.some((r) => r.lemma === lemma && r.form === form)) out.push({ lemma, form });
  };
  for (const r of irr.base[pos].get(word) ?? []) push(r.lemma, r.form);
  push(word, 'base');
  for (const [suffix, repl, form] of RULES[pos]) {
    if (word.length <= suffix.length + 1 || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    push(stem + repl, form);
    if (repl === '' && (form === 'past' || form === 'ing' || form === 'er' || form === 'est') && DOUBLED.test(stem)) push(stem.slice(0, -1), form);
  }
  return out;
}

const VOWEL = /[aeiou]/;
const VOWEL_GROUPS = /[aeiouy]+/g;

function syllables(w: string): number {
  return (w.replace(/e$/, '').match(VOWEL_GROUPS) ?? []).length || 1;
}

/** One short syllable ending consonant-vowel-consonant doubles its consonant: stop → stopped, big → bigger. */
function doublesConsonant(w: string): boolean {
  return /[^aeiou][aeiou][bdgklmnprtvz]$/.test(w) && syllables(w) === 1;
}

/** Adds -s/-es, -ies after a consonant and y. */
function addS(w: string): string {
  if (/(s|x|z|ch|sh)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}

/** Adds a vowel suffix (-ed, -ing, -er, -est) with the usual spelling changes. */
function addVowelSuffix(w: string, suffix: string): string {
  if (suffix === 'ing') {
    if (/ie$/.test(w)) return `${w.slice(0, -2)}ying`;
    if (/[^aeiouy]e$/.test(w) && w !== 'be') return `${w.slice(0, -1)}ing`;
  } else {
    if (w.endsWith('e')) return w + suffix.slice(1);
    if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}i${suffix}`;
  }
  if (doublesConsonant(w)) return w + w.slice(-1) + suffix;
  return w + suffix;
}

function pluralNoun(w: string, irr: Irregulars): string {
  if (INVARIANT_NOUNS.has(w)) return w;
  const irregular = irr.inflect.get(`plural ${w}`);
  if (irregular) return irregular;
  if (/[^u]man$/.test(w) && !/(hu|sha|talis|ger|cai|otto|walk|dober)man$/.test(w)) return `${w.slice(0, -3)}men`;
  // A synonym that already reads as a plural ("spectacles", "pants") stays as it is.
  if (/[^su]s$/.test(w) && !/(is|us|ss)$/.test(w)) return w;
  return addS(w);
}

function inflectWord(w: string, form: Form, pos: Pos, irr: Irregulars): string | null {
  switch (form) {
    case 'base':
      return w;
    case 'plural':
      return pluralNoun(w, irr);
    case 's':
      return w === 'be' ? 'is' : w === 'have' ? 'has' : /o$/.test(w) && !VOWEL.test(w.slice(-2, -1)) ? `${w}es` : addS(w);
    case 'ing':
      return addVowelSuffix(w, 'ing');
    case 'past':
    case 'pp':
      return irr.inflect.get(`${form} ${w}`) ?? addVowelSuffix(w, 'ed');
    case 'er':
    case 'est': {
      const irregular = irr.inflect.get(`${form} ${w}`);
      if (irregular) return irregular;
      if (pos === 'r' && w.endsWith('ly')) return `${form === 'er' ? 'more' : 'most'} ${w}`;
      const n = syllables(w);
      if (n === 1 || (n === 2 && /[^aeiou]y$/.test(w))) return addVowelSuffix(w, form);
      return `${form === 'er' ? 'more' : 'most'} ${w}`;
    }
  }
}

/**
 * `lemma` (lower case, spaces between words) in the given form. Verbs
 * inflect their first word (run away → running away), nouns their last
 * (motor car → motor cars); multi-word adjectives are not compared (null).
 */
export function inflect(lemma: string, form: Form, pos: Pos, irr: Irregulars): string | null {
  if (form === 'base') return lemma;
  const words = lemma.split(' ');
  if (words.length === 1) return inflectWord(lemma, form, pos, irr);
  if (pos === 'n') {
    const last = inflectWord(words[words.length - 1]!, form, pos, irr);
    return last === null ? null : [...words.slice(0, -1), last].join(' ');
  }
  if (pos === 'v') {
    const first = inflectWord(words[0]!, form, pos, irr);
    return first === null ? null : [first, ...words.slice(1)].join(' ');
  }
  return null;
}

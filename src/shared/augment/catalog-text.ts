/**
 * The text operations: word level (WordNet synonyms, EDA's swap and
 * deletion) and character level (keyboard typos, OCR confusions, random
 * character noise). Protected tokens (numbers, entities, the recipe's word
 * list) are a recipe setting, not a parameter: no operation touches them.
 */
import type { OpSpec, ParamSpec } from './spec.ts';

const fraction = (def: [number, number], help: string): ParamSpec => ({ type: 'range', label: 'Fraction of words', min: 0, max: 1, step: 0.01, default: def, help });
const atLeast = (def: number): ParamSpec => ({ type: 'number', label: 'At least', min: 0, max: 50, step: 1, default: def, integer: true, help: 'Minimum number of words changed, when the text has that many candidates' });
const atMost = (def: number): ParamSpec => ({ type: 'number', label: 'At most', min: 0, max: 200, step: 1, default: def, integer: true, help: 'Maximum number of words changed (wins over “at least”)' });
const senses: ParamSpec = {
  type: 'number', label: 'Senses', min: 0, max: 50, step: 1, default: 3, integer: true,
  help: 'Take synonyms from the word’s N most common WordNet senses only (0: all senses; more variety, more off-meaning words)',
};
const charRate = (def: [number, number], what: string): ParamSpec => ({
  type: 'range', label: 'Rate', min: 0, max: 0.5, step: 0.005, default: def, help: `Probability that each eligible character gets ${what}`,
});
const charCount: ParamSpec = {
  type: 'range', label: 'Count', min: 0, max: 50, step: 1, default: [0, 0], integer: true,
  help: 'When above 0: exactly this many edits per text (as many as possible when fewer characters are eligible), instead of the rate',
};
const minLength: ParamSpec = { type: 'number', label: 'Shortest word', min: 1, max: 20, step: 1, default: 2, integer: true, help: 'Words shorter than this (in characters) are left alone' };

const charParams = (rate: [number, number], what: string): OpSpec['params'] => ({ rate: charRate(rate, what), count: charCount, minLength });

export const textOpSpecs: OpSpec[] = [
  {
    name: 'synonym_replace', modality: 'text', label: 'Synonym replacement', p: 0.5,
    description: 'Replaces content words (nouns, verbs, adjectives, adverbs) with a WordNet synonym in the same inflection and case.',
    params: { fraction: fraction([0.1, 0.2], 'Share of the words that have synonyms which get replaced'), min: atLeast(1), max: atMost(10), senses },
  },
  {
    name: 'synonym_insert', modality: 'text', label: 'Synonym insertion', p: 0.5,
    description: 'Inserts a synonym of a random content word at a random place inside a sentence (EDA random insertion).',
    params: { fraction: fraction([0.1, 0.1], 'Number of insertions, as a share of the words that have synonyms'), min: atLeast(1), max: atMost(5), senses },
  },
  {
    name: 'random_swap', modality: 'text', label: 'Random swap', p: 0.5,
    description: 'Swaps two random words, n times; protected words never move (EDA random swap).',
    params: { n: { type: 'range', label: 'Swaps', min: 0, max: 20, step: 1, default: [1, 2], integer: true, help: 'Number of swaps per text' } },
  },
  {
    name: 'random_delete', modality: 'text', label: 'Random deletion', p: 0.5,
    description: 'Deletes each unprotected word with probability rate, never all of them (EDA random deletion).',
    params: { rate: { type: 'range', label: 'Rate', min: 0, max: 0.9, step: 0.01, default: [0.1, 0.1], help: 'Probability that each word is deleted' } },
  },
  {
    name: 'keyboard_typo', modality: 'text', label: 'Keyboard typos', p: 0.5,
    description: 'Replaces letters and digits with a neighbouring key on a QWERTY keyboard, keeping their case.',
    params: charParams([0.02, 0.05], 'a typo'),
  },
  {
    name: 'ocr_confusion', modality: 'text', label: 'OCR confusions', p: 0.5,
    description: 'Swaps shapes that OCR confuses: 0/O, 1/l/I, rn/m, cl/d, 5/S, 8/B and more.',
    params: charParams([0.03, 0.06], 'confused'),
  },
  {
    name: 'char_insert', modality: 'text', label: 'Character insertion', p: 0.5,
    description: 'Inserts a random letter after characters of words (never before the first).',
    params: charParams([0.02, 0.04], 'a letter inserted after it'),
  },
  {
    name: 'char_swap', modality: 'text', label: 'Character swap', p: 0.5,
    description: 'Swaps neighbouring characters inside words (“teh” for “the”).',
    params: charParams([0.02, 0.04], 'swapped with the next one'),
  },
  {
    name: 'char_delete', modality: 'text', label: 'Character deletion', p: 0.5,
    description: 'Deletes characters inside words; a word always keeps at least one.',
    params: charParams([0.02, 0.04], 'deleted'),
  },
];

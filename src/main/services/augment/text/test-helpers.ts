/** Shared by the text operation tests: run one operation on a text with a seed. */
import type { ParamValue } from '../../../../shared/augment/spec.ts';
import { createRng } from '../../../../shared/rng.ts';
import type { ApplyContext, Drawn, OpImpl, ProtectRules, TextData } from '../op.ts';
import { makeTextOps } from './ops.ts';

export const DEFAULT_RULES: ProtectRules = { numbers: true, entities: true, words: [] };

const ctx = (protect: ProtectRules): ApplyContext => ({ protect, backgroundClips: () => Promise.resolve([]) });

const bound = new Map<string, Map<string, OpImpl<TextData>>>();

export function op(name: string, rules: ProtectRules = DEFAULT_RULES): OpImpl<TextData> {
  const key = JSON.stringify(rules);
  let ops = bound.get(key);
  if (!ops) bound.set(key, (ops = new Map(makeTextOps(rules).map((o) => [o.spec.name, o]))));
  const o = ops.get(name);
  if (!o) throw new Error(`no text op ${name}`);
  return o;
}

export function applyDrawn(name: string, text: string, drawn: Drawn, rules: ProtectRules = DEFAULT_RULES): string {
  return (op(name, rules).apply({ text }, drawn, ctx(rules)) as TextData).text;
}

export function run(name: string, text: string, params: Record<string, ParamValue>, seed: number, rules: ProtectRules = DEFAULT_RULES): { drawn: Drawn; out: string } {
  const drawn = op(name, rules).draw(createRng(seed), params, { text });
  return { drawn, out: applyDrawn(name, text, drawn, rules) };
}

export const TEXT_OPS = ['synonym_replace', 'synonym_insert', 'random_swap', 'random_delete', 'keyboard_typo', 'ocr_confusion', 'char_insert', 'char_swap', 'char_delete'];

/** Settings that change as much as each operation allows, to stress the protection rules. */
export const HEAVY: Record<string, Record<string, ParamValue>> = {
  synonym_replace: { fraction: [1, 1], max: 200, senses: 0 },
  synonym_insert: { fraction: [1, 1], max: 200 },
  random_swap: { n: [20, 20] },
  random_delete: { rate: [0.9, 0.9] },
  keyboard_typo: { rate: [0.5, 0.5], minLength: 1 },
  ocr_confusion: { rate: [0.5, 0.5], minLength: 1 },
  char_insert: { rate: [0.5, 0.5], minLength: 1 },
  char_swap: { rate: [0.5, 0.5], minLength: 1 },
  char_delete: { rate: [0.5, 0.5], minLength: 1 },
};

export const LONG_TEXT =
  'The quick brown fox was running past the old cars near the quiet river while happy children played loud games ' +
  'in the green park and their tired parents watched the bright sunset over the small houses of the sleepy town.';

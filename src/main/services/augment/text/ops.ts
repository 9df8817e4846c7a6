/**
 * The text operations bound to a recipe's protection rules. draw() and
 * apply() both tokenise the text and derive the protected mask from the
 * same rules (captured here, not global), so a recorded `drawn` replays
 * exactly. draw() of the synonym operations needs WordNet loaded
 * (`await loadWordNet()`); apply() of every operation works without it.
 */
import { textOpSpecs } from '../../../../shared/augment/catalog-text.ts';
import type { ParamValue } from '../../../../shared/augment/spec.ts';
import type { Rng } from '../../../../shared/rng.ts';
import type { Drawn, OpImpl, ProtectRules, TextData } from '../op.ts';
import { applyCharEdits, drawCharOp, type CharOp } from './char-ops.ts';
import { withDefaults } from './draw-util.ts';
import { analyse, type Analysed } from './tokenize.ts';
import {
  applyRandomDelete,
  applyRandomSwap,
  applySynonymInsert,
  applySynonymReplace,
  drawRandomDelete,
  drawRandomSwap,
  drawSynonymInsert,
  drawSynonymReplace,
} from './word-ops.ts';

interface TextOpDef {
  draw(rng: Rng, params: Record<string, ParamValue>, a: Analysed): Drawn;
  apply(a: Analysed, drawn: Drawn): string;
}

const charOp = (op: CharOp): TextOpDef => ({ draw: (rng, p, a) => drawCharOp(op, rng, p, a), apply: applyCharEdits });

const DEFS: Record<string, TextOpDef> = {
  synonym_replace: { draw: drawSynonymReplace, apply: applySynonymReplace },
  synonym_insert: { draw: drawSynonymInsert, apply: applySynonymInsert },
  random_swap: { draw: drawRandomSwap, apply: applyRandomSwap },
  random_delete: { draw: drawRandomDelete, apply: applyRandomDelete },
  keyboard_typo: charOp('keyboard'),
  ocr_confusion: charOp('ocr'),
  char_insert: charOp('insert'),
  char_swap: charOp('swap'),
  char_delete: charOp('delete'),
};

export const DEFAULT_TEXT_PROTECT: ProtectRules = { numbers: true, entities: true, words: [] };

/** Every text operation, protecting what `rules` says in both draw() and apply(). */
export function makeTextOps(rules: ProtectRules): OpImpl<TextData>[] {
  const frozen: ProtectRules = { numbers: rules.numbers, entities: rules.entities, words: [...rules.words] };
  // apply() usually gets the text draw() just analysed: keep the last analysis (never mutated by the operations).
  let last: { text: string; a: Analysed } | null = null;
  const analysed = (text: string): Analysed => {
    if (last?.text !== text) last = { text, a: analyse(text, frozen) };
    return last.a;
  };
  return textOpSpecs.map((spec): OpImpl<TextData> => {
    const def = DEFS[spec.name];
    if (!def) throw new Error(`no implementation of text operation "${spec.name}"`);
    return {
      spec,
      draw: (rng, params, sample) => def.draw(rng, withDefaults(spec, params), analysed(sample.text)),
      apply: (sample, drawn) => ({ ...sample, text: def.apply(analysed(sample.text), drawn) }),
    };
  });
}

/** The text operations with the default rules: numbers and entities protected, no extra words. */
export const textOps: OpImpl<TextData>[] = makeTextOps(DEFAULT_TEXT_PROTECT);

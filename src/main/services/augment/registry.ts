/** Operation implementations by name, bound to a recipe's settings (text protection rules). */
import type { Recipe } from '../../../shared/augment/recipe.ts';
import { audioOps } from './audio/ops.ts';
import { imageOps } from './image/ops.ts';
import type { OpImpl } from './op.ts';
import { DEFAULT_TEXT_PROTECT as DEFAULT_PROTECT, makeTextOps } from './text/ops.ts';

export { DEFAULT_PROTECT };

export function implsFor(recipe: Pick<Recipe, 'modality' | 'protect'>): ReadonlyMap<string, OpImpl<unknown>> {
  const ops: Array<OpImpl<unknown>> =
    recipe.modality === 'image' ? (imageOps as Array<OpImpl<unknown>>)
    : recipe.modality === 'audio' ? (audioOps as Array<OpImpl<unknown>>)
    : (makeTextOps({ ...DEFAULT_PROTECT, ...recipe.protect }) as Array<OpImpl<unknown>>);
  return new Map(ops.map((o) => [o.spec.name, o]));
}

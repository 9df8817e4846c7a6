/** Every augmentation operation the engine knows, by name: the union of the per-modality catalogs. */
import type { Modality } from '../contract/schemas.ts';
import { audioOpSpecs } from './catalog-audio.ts';
import { imageOpSpecs } from './catalog-image.ts';
import { textOpSpecs } from './catalog-text.ts';
import type { OpSpec } from './spec.ts';

export const allOpSpecs: readonly OpSpec[] = [...imageOpSpecs, ...textOpSpecs, ...audioOpSpecs];

export const opCatalog: ReadonlyMap<string, OpSpec> = new Map(allOpSpecs.map((s) => [s.name, s]));

export function opsFor(modality: Modality): OpSpec[] {
  return allOpSpecs.filter((s) => s.modality === modality);
}

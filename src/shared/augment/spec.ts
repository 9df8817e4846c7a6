/**
 * How an augmentation operation describes itself: its parameters, their
 * types, ranges and defaults. Plain data, shared by the engine (validation,
 * drawing values) and the studio (sliders, inputs, help text).
 *
 * A `range` parameter is given as [min, max] in a recipe; the engine draws a
 * value uniformly in it for every sample (min == max fixes it).
 */
import type { Modality } from '../contract/schemas.ts';

export type ParamSpec =
  | { type: 'range'; label: string; min: number; max: number; step: number; default: [number, number]; unit?: string; help?: string; integer?: boolean }
  | { type: 'number'; label: string; min: number; max: number; step: number; default: number; unit?: string; help?: string; integer?: boolean }
  | { type: 'choice'; label: string; options: readonly string[]; default: string; help?: string }
  | { type: 'bool'; label: string; default: boolean; help?: string }
  | { type: 'color'; label: string; default: string; help?: string }
  | { type: 'text'; label: string; default: string; help?: string; maxLength: number };

export type ParamValue = number | [number, number] | string | boolean;

export interface OpSpec {
  /** Unique id, e.g. `hflip`, `gaussian_noise_snr`, `synonym_replace`. */
  name: string;
  modality: Modality;
  label: string;
  /** One line for the studio: what it does and when it helps. */
  description: string;
  params: Record<string, ParamSpec>;
  /** Default probability of applying the step. */
  p: number;
}

export function defaultParams(spec: OpSpec): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, p] of Object.entries(spec.params)) out[k] = Array.isArray(p.default) ? [p.default[0], p.default[1]] : p.default;
  return out;
}

import { describe, expect, it } from 'vitest';
import { opCatalog } from './catalog.ts';
import { presets } from './presets.ts';
import { canonicalJson, validateRecipe } from './recipe.ts';
import { defaultParams } from './spec.ts';

function issues(recipe: unknown): string[] {
  const v = validateRecipe(recipe, opCatalog);
  return v.ok ? [] : v.issues.map((i) => `${i.path} | ${i.message}`);
}

describe('the operation catalog', () => {
  it('has unique snake_case names, descriptions, p in (0, 1], and defaults the validator accepts', () => {
    const specs = [...opCatalog.values()];
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
    for (const spec of specs) {
      expect(spec.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(spec.description.length).toBeGreaterThan(20);
      expect(spec.p).toBeGreaterThan(0);
      const recipe = { name: 'defaults', modality: spec.modality, backgroundDir: '/noise', steps: [{ op: spec.name, p: spec.p, params: defaultParams(spec) }] };
      expect(issues(recipe), spec.name).toEqual([]);
    }
  });
});

describe('validateRecipe', () => {
  it('accepts every built-in preset and fills in defaults', () => {
    for (const [name, preset] of Object.entries(presets)) {
      const v = validateRecipe(preset, opCatalog);
      expect(v.ok, `${name}: ${issues(preset).join('; ')}`).toBe(true);
      if (v.ok) expect(v.recipe.steps.every((s) => s.enabled)).toBe(true);
    }
  });

  it('names the step and the field of each problem', () => {
    const found = issues({
      name: 'r', modality: 'text',
      steps: [
        { op: 'random_swap', p: -0.1 },
        { op: 'random_delete', p: 0.5, params: { rate: [0.5, 0.2], colour: 'red' } },
        { op: 'hflip', p: 1 },
        { group: 'someOf', p: 1, n: [1, 3], steps: [{ op: 'char_swap', p: 1 }, { op: 'nope', p: 1 }] },
      ],
    });
    expect(found).toEqual([
      'steps.0.p | step 1 (random_swap): probability p must be between 0 and 1, got -0.1',
      'steps.1.params.colour | step 2 (random_delete): unknown parameter "colour" (known: rate)',
      'steps.1.params.rate | step 2 (random_delete): rate: min 0.5 is above max 0.2',
      'steps.2.op | step 3 (hflip): "hflip" is an image operation, but this recipe is for text',
      'steps.3.n | step 4 (someOf): n must be a range within 0–2, got [1, 3]',
      expect.stringMatching(/^steps\.3\.steps\.1\.op \| step 4\.2 \(nope\): unknown operation "nope" \(text operations: synonym_replace, /),
    ]);
  });

  it('rejects schema errors with the step in the message', () => {
    expect(issues({ name: 'r', modality: 'image', steps: [{ op: 'hflip', p: 'often' }] })).toEqual([expect.stringMatching(/^steps\.0\.p \| step 1: p: /)]);
    expect(issues({ name: '', modality: 'video', steps: [] }).map((s) => s.split(' | ')[0])).toEqual(['name', 'modality']);
  });

  it('asks for a background folder when background noise is on', () => {
    const recipe = { name: 'r', modality: 'audio', steps: [{ op: 'background_noise', p: 1 }] };
    expect(issues(recipe)).toEqual(["steps.0.op | step 1 (background_noise): needs a folder of background WAV clips (the recipe's backgroundDir)"]);
    expect(issues({ ...recipe, backgroundDir: '/data/noise' })).toEqual([]);
    expect(issues({ ...recipe, steps: [{ op: 'background_noise', p: 1, enabled: false }] })).toEqual([]);
  });
});

describe('canonicalJson', () => {
  it('ignores key order and undefined values, so equal recipes get equal ids', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: undefined, z: 'q' }] })).toBe(canonicalJson({ a: [{ z: 'q', y: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});

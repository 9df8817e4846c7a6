import { describe, expect, it } from 'vitest';
import { MODEL_NAMES } from './config.ts';
import { AUTO_MODEL, MODEL_CATALOGUE, modelsFor, resolveModelOptions, type ModelKind } from './models.ts';

describe('model catalogue', () => {
  it('describes every model the config accepts, each knob with a default and one line of help', () => {
    expect(Object.keys(MODEL_CATALOGUE).sort()).toEqual(MODEL_NAMES.filter((m) => m !== 'auto').sort());
    for (const info of Object.values(MODEL_CATALOGUE)) {
      expect(info.summary).not.toMatch(/\n/);
      for (const k of info.knobs) {
        expect(k.help.length).toBeGreaterThan(15);
        expect(k.help).not.toMatch(/\n/);
      }
      expect(resolveModelOptions(info.name).ok).toBe(true);
    }
    for (const [modality, model] of Object.entries(AUTO_MODEL)) expect(MODEL_CATALOGUE[model].modality).toBe(modality);
    expect(modelsFor('audio').map((m) => m.name).sort()).toEqual(['mfcc-cnn', 'mfcc-lstm']);
  });

  it('fills defaults and keeps given values', () => {
    expect(resolveModelOptions('mlp', { width: 128 })).toEqual({ ok: true, options: { width: 128, depth: 2, dropout: 0.1, l2: 1e-4 } });
  });

  it('names each bad option', () => {
    const r = resolveModelOptions('cnn', { width: 2.5, depth: 9, dropout: 'lots', colour: 1 } as Record<string, number | string>);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.message)).toEqual([
      'modelOptions.colour: unknown option for cnn (options: width, depth, dropout, l2)',
      'modelOptions.width: expected a whole number, got 2.5',
      'modelOptions.depth: 9 is above the maximum 3',
      'modelOptions.dropout: expected a number, got "lots"',
    ]);
    expect(resolveModelOptions('nope' as ModelKind).ok).toBe(false);
  });
});

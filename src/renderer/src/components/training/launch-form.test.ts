import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '@shared/training/config.ts';
import { fmtScore, historyMetrics, scoreOf } from './format.ts';
import { defaultForm, inputKind, monitorsFor, toConfig } from './launch-form.ts';

describe('the launch form for tables', () => {
  it('sends a tabular config (task, target, column overrides, date parts) and never an augmentation recipe', () => {
    const f = { ...defaultForm(), task: 'regression' as const, target: 'price', columns: { zip: 'categorical' as const }, dateParts: ['month' as const], augment: 'preset:image-default', classWeights: 'balanced' as const };
    const c = toConfig(f, 'houses', new Map(), 'tabular');
    expect(c).toMatchObject({ dataset: 'houses', modality: 'tabular', task: 'regression', target: 'price', columns: { zip: 'categorical' }, dateParts: ['month'], augmentRecipe: null, classWeights: 'none' });
    expect(parseTrainConfig(c).ok).toBe(true);
  });

  it("leaves task and target to the dataset when the form says nothing, and trains a text dataset's columns on request", () => {
    const plain = toConfig(defaultForm(), 'houses', new Map(), 'tabular');
    expect(plain).toMatchObject({ modality: 'tabular' });
    expect(plain).not.toHaveProperty('task');
    expect(plain).not.toHaveProperty('target');
    expect(inputKind({ asTable: true }, 'text')).toBe('tabular');
    expect(inputKind({ asTable: true }, 'image')).toBe('image');
    expect(toConfig({ ...defaultForm(), asTable: false }, 'reviews', new Map(), 'text')).not.toHaveProperty('modality');
    expect(toConfig({ ...defaultForm(), asTable: true }, 'reviews', new Map(), 'text')).toMatchObject({ modality: 'tabular' });
  });

  it('offers the monitors each task reports', () => {
    expect(monitorsFor('classification')).toEqual(['val_loss', 'val_accuracy']);
    expect(monitorsFor('regression')).toEqual(['val_loss', 'val_mae', 'val_rmse', 'val_r2']);
  });
});

describe('scores', () => {
  it('ranks by accuracy, or R² for regression, and shows which', () => {
    expect(scoreOf({ val_accuracy: 0.9, val_loss: 0.3 })).toBe(0.9);
    expect(scoreOf({ val_r2: 0.81, val_loss: 0.2 })).toBe(0.81);
    expect(scoreOf(null)).toBeUndefined();
    expect(fmtScore({ val_accuracy: 0.931 })).toBe('93.1%');
    expect(fmtScore({ val_r2: 0.9534 })).toBe('R² 0.953');
    expect(fmtScore(undefined)).toBe('—');
    expect(historyMetrics([{ metrics: { loss: 1, mae: 2, val_r2: 0.5 } }])).toContain('val_rmse');
    expect(historyMetrics([{ metrics: { loss: 1, accuracy: 0.5 } }])).toContain('val_accuracy');
  });
});

describe('a run config as shown', () => {
  it('drops what the input ignores and lists arrays plainly', async () => {
    const { configRows, fmtValue } = await import('./format.ts');
    const keys = (c: Record<string, unknown>): string[] => configRows(c).map(([k]) => k);
    const base = { dataset: 'd', imageSize: 32, columns: {}, dateParts: ['month'], augmentRecipe: null, classWeights: 'none', seed: 1 };
    expect(keys({ ...base, modality: 'audio' })).toEqual(['augmentRecipe', 'classWeights', 'seed', 'modality']);
    expect(keys({ ...base, modality: 'image' })).toContain('imageSize');
    expect(keys({ ...base, modality: 'tabular', task: 'regression', target: 'price' })).toEqual(['columns', 'dateParts', 'seed', 'modality', 'task', 'target']);
    expect(fmtValue(['dayOfWeek', 'month'])).toBe('dayOfWeek, month');
  });
});

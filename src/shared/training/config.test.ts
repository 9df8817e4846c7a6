import { describe, expect, it } from 'vitest';
import { parseTrainConfig, virtualEpochs } from './config.ts';

describe('virtualEpochs', () => {
  it('derives steps per epoch from the example budget, not the dataset size', () => {
    const v = virtualEpochs({ totalExamples: 64_000, batchSize: 32, checkpoints: 10 }, 1000);
    expect(v).toMatchObject({ stepsPerEpoch: 200, epochs: 10, examplesPerEpoch: 6400, totalSteps: 2000 });
    expect(v.explain).toBe('64000 examples ÷ (batch 32 × 10 checkpoints) = 200 steps per epoch ≈ 64.0 passes over 1000 train samples');
    expect(virtualEpochs({ totalExamples: 64_000, batchSize: 32, checkpoints: 10 }, 5000).stepsPerEpoch).toBe(200);
    expect(virtualEpochs({ totalExamples: 10, batchSize: 32, checkpoints: 5 }).stepsPerEpoch).toBe(1);
  });
});

describe('parseTrainConfig', () => {
  it('fills defaults', () => {
    const r = parseTrainConfig({});
    expect(r.ok && r.config).toMatchObject({ model: 'auto', batchSize: 32, checkpoints: 10, keepBest: 3, seed: 0, earlyStopping: { patience: 3 } });
  });

  it('accepts earlyStopping: false and a preset name as recipe', () => {
    const r = parseTrainConfig({ earlyStopping: false, augmentRecipe: 'image-default', modality: 'image', model: 'cnn' });
    expect(r.ok && r.config.earlyStopping).toBe(false);
  });

  it('names unknown fields and out-of-range values', () => {
    const r = parseTrainConfig({ batchSize: 0, learningRate: -1, epochs: 5, earlyStopping: { patience: 2, when: 'now' } });
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^batchSize: /),
      expect.stringMatching(/^learningRate: /),
      'epochs: unknown field "epochs"',
      expect.stringMatching(/^earlyStopping/),
    ]));
  });
});

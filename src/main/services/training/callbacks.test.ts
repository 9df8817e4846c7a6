import { describe, expect, it } from 'vitest';
import { earlyStoppingStep, freshPlateau, reduceLrStep } from './callbacks.ts';

describe('early stopping', () => {
  it('stops after `patience` epochs without an improvement above minDelta and restores the best epoch', () => {
    const cfg = { monitor: 'val_loss' as const, patience: 2, minDelta: 0.01, restoreBest: true };
    const s = freshPlateau();
    const losses = [1.0, 0.8, 0.795, 0.9];
    const out = losses.map((v, i) => earlyStoppingStep(cfg, s, { val_loss: v }, i + 1));
    expect(out.map((d) => d.stop)).toEqual([false, false, false, true]);
    expect(out[3]).toMatchObject({ restoreEpoch: 2, reason: expect.stringContaining('best 0.8000 at epoch 2') });
  });

  it('watches accuracy upwards and survives a JSON round trip of its state', () => {
    const cfg = { monitor: 'val_accuracy' as const, patience: 2, minDelta: 0, restoreBest: false };
    let s = freshPlateau();
    expect(earlyStoppingStep(cfg, s, { val_accuracy: 0.5 }, 1).stop).toBe(false);
    expect(earlyStoppingStep(cfg, s, { val_accuracy: 0.4 }, 2).stop).toBe(false);
    s = JSON.parse(JSON.stringify(s)) as typeof s;
    const d = earlyStoppingStep(cfg, s, { val_accuracy: 0.45 }, 3);
    expect(d).toMatchObject({ stop: true, restoreEpoch: null });
  });
});

describe('reduce learning rate on plateau', () => {
  it('multiplies by factor after patience, down to minLr', () => {
    const cfg = { monitor: 'val_loss' as const, factor: 0.5, patience: 1, minLr: 0.02 };
    const s = freshPlateau();
    let lr = 0.1;
    const seen = [1, 1.1, 1.2, 1.3, 1.4].map((v, i) => (lr = reduceLrStep(cfg, s, { val_loss: v }, i + 1, lr)));
    expect(seen).toEqual([0.1, 0.05, 0.025, 0.02, 0.02]);
  });
});

/**
 * Regression on table columns through the real CLI, worker and wasm backend:
 * the run reports MSE, MAE, RMSE and R² per epoch; the saved package maps raw
 * JSON rows to values in the target's units that score the validation split
 * exactly as the run did; the overfit check memorises a subset; and a config
 * that asks for what a regression cannot give is refused before training.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/project.ts';
import { Project } from '../../src/main/services/project/project.ts';
import { selectBackend } from '../../src/main/services/training/backend/select.ts';
import { loadTrainingSet } from '../../src/main/services/training/dataset.ts';
import { loadModelPackage } from '../../src/main/services/training/model-package.ts';
import { runCli, runCliJson } from '../helpers/cli.ts';

interface TrainJson {
  run: string;
  status: string;
  best: { epoch: number; metrics: Record<string, number> };
  history: Array<Record<string, number>>;
}

function configFile(c: Record<string, unknown>): string {
  const f = path.join(tempDir(), 'config.json');
  fs.writeFileSync(f, JSON.stringify(c));
  return f;
}

/** price = 3·amount + 40 if red + 5·month + noise-free, so a linear model on the features can fit it closely. */
function ordersCsv(): string {
  const csv = path.join(tempDir(), 'orders.csv');
  const lines = ['id,text,amount,colour,when,price,label'];
  for (let i = 0; i < 300; i++) {
    const amount = (i * 37) % 100;
    const colour = ['red', 'green', 'blue'][i % 3]!;
    const month = (i % 12) + 1;
    const price = 3 * amount + (colour === 'red' ? 40 : 0) + 5 * month + 1000;
    lines.push(`r${i},order ${i},${amount},${colour},2024-${String(month).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${price},${i % 2 ? 'a' : 'b'}`);
  }
  fs.writeFileSync(csv, lines.join('\n') + '\n');
  return csv;
}

let dir = '';
beforeAll(async () => {
  dir = path.join(tempDir(), 'p');
  await runCliJson(['new', dir]);
  await runCliJson(['import', dir, ordersCsv()]);
  await runCliJson(['split', dir, '--seed', '1', '--ratios', '0.7,0.15,0.15']);
}, 60_000);

const FIT = { modality: 'tabular', target: 'price', model: 'linear', totalExamples: 8000, checkpoints: 4, learningRate: 0.05, earlyStopping: false, seed: 2 };

describe('regression runs', () => {
  it('trains on a numeric target, reports regression metrics, and predicts values in its units from JSON rows', async () => {
    const r = await runCliJson<TrainJson>(['train', dir, '--config', configFile(FIT)]);
    expect(r.status).toBe('completed');
    expect(r.history).toHaveLength(4);
    for (const h of r.history) {
      for (const k of ['loss', 'mae', 'val_loss', 'val_mae', 'val_rmse', 'val_r2']) expect(Number.isFinite(h[k])).toBe(true);
      expect(h.accuracy).toBeUndefined();
    }
    const last = r.history.at(-1)!;
    expect(last.val_r2).toBeGreaterThan(0.95);
    // In price units (the prices span about 300–1400), not standardised ones.
    expect(last.val_mae).toBeLessThan(40);
    expect(last.val_mae).toBeGreaterThan(0);

    const { tf, tfl } = await selectBackend('wasm');
    const pkg = await loadModelPackage(tf, tfl, path.join(dir, 'runs', r.run, 'model'));
    expect(pkg.spec).toMatchObject({ model: 'linear', task: 'regression', outputs: 1 });
    expect(pkg.target).toBe('price');
    expect(pkg.encoder.state).toMatchObject({ modality: 'tabular', target: { task: 'regression', column: 'price' } });
    expect((pkg.encoder.state as { featureNames: string[] }).featureNames).not.toContain('price');
    const project = Project.open(dir);
    const set = loadTrainingSet(project.db, 1, { target: 'price' });
    project.close();
    // A caller's row without the target column predicts the same as one with it.
    const rows = set.validation.map((it) => Object.fromEntries(Object.entries(it.meta).filter(([k]) => k !== 'price')));
    const predicted = await pkg.predict(rows.map((row) => JSON.stringify(row)));
    const values = predicted.map((p) => ('value' in p ? p.value : NaN));
    const truth = set.validation.map((it) => it.value!);
    const mae = values.reduce((a, v, i) => a + Math.abs(v - truth[i]!), 0) / truth.length;
    expect(mae).toBeCloseTo(last.val_mae!, 2);
    // The linear model explains itself: price rises with amount and with red (3 per unit, +40), never falls with them.
    const top = (r as unknown as { topFeatures: Array<{ class: string; features: Array<{ feature: string; weight: number }> }> }).topFeatures;
    expect(top.map((g) => g.class)).toEqual(['raises price', 'lowers price']);
    expect(top[0]!.features[0]!.feature).toBe('amount');
    expect(top[0]!.features.map((f) => f.feature)).toContain('colour=red');
    expect(top[1]!.features.map((f) => f.feature)).not.toContain('amount');
  }, 120_000);

  it('passes the overfit check with R² on the memorised rows', async () => {
    const r = await runCliJson<{ passed: boolean; score: number; accuracy: number; metric: string; initialLossOk: boolean; verdict: string }>(['overfit-check', dir, '--config', configFile({ modality: 'tabular', target: 'price', model: 'mlp', learningRate: 0.01 })]);
    expect(r).toMatchObject({ passed: true, metric: 'r2', initialLossOk: true });
    expect(r.score).toBeGreaterThan(0.9);
    expect(r.accuracy).toBe(r.score);
    expect(r.verdict).toMatch(/^passed: R² (0\.9\d\d|1\.000) on 210 memorised examples after \d+ steps$/);
  }, 120_000);

  it('refuses configs a regression cannot honour, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...FIT, earlyStopping: { monitor: 'val_accuracy' } }, /earlyStopping\.monitor: regression runs report val_loss, val_mae, val_rmse, val_r2, not val_accuracy/],
      [{ ...FIT, target: 'colour' }, /target: column "colour" holds no numbers/],
      [{ ...FIT, target: 'prize' }, /target: no column "prize" \(columns: amount, colour, when, price\)/],
      [{ ...FIT, columns: { price: 'numeric' } }, /columns\.price: this is the regression target, not a feature/],
      [{ modality: 'tabular', task: 'regression' }, /target: name the numeric column to predict/],
      [{ modality: 'text', target: 'price' }, /task: regression is for tabular runs/],
      [{ modality: 'tabular', task: 'classification', target: 'price' }, /target: only regression runs have a target column/],
      [{ ...FIT, classWeights: 'balanced' }, /classWeights: regression runs have no classes to weigh/],
      [{ ...FIT, augmentRecipe: 'text-default' }, /augmentRecipe: tabular runs take no augmentation recipe/],
    ];
    const before = (await runCliJson<unknown[]>(['runs', dir])).length;
    for (const [config, message] of cases) {
      const r = await runCli(['train', dir, '--config', configFile(config)]);
      expect(r.code, JSON.stringify(config)).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
    // Refused before anything starts: no run was recorded.
    expect(await runCliJson<unknown[]>(['runs', dir])).toHaveLength(before);
  }, 120_000);
});

/**
 * Training as users run it, through the real CLI, worker thread and wasm
 * backend: the --json shapes, errors before training starts, the overfit
 * check, and kill -9 in the middle of a run: `runs` shows it interrupted,
 * `resume` completes it with no gap in its history and the same final
 * weights as an uninterrupted run with the same seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, shapesSubset, tempDir } from '../helpers/project.ts';
import { Project } from '../../src/main/services/project/project.ts';
import { selectBackend } from '../../src/main/services/training/backend/select.ts';
import { loadTrainingSet } from '../../src/main/services/training/dataset.ts';
import { fitInputs, readExample } from '../../src/main/services/training/inputs.ts';
import { loadModelPackage } from '../../src/main/services/training/model-package.ts';
import { parseTrainConfig } from '../../src/shared/training/config.ts';
import { cliProcesses, runCli, runCliJson } from '../helpers/cli.ts';

const cli = cliProcesses();

interface TrainJson {
  run: string;
  backend: string;
  status: string;
  best: { epoch: number; metrics: Record<string, number> };
  history: Array<{ epoch: number; loss: number; accuracy: number; val_loss: number; val_accuracy: number }>;
}

async function project(ratios = '0.6,0.2,0.2'): Promise<string> {
  const dir = path.join(tempDir(), 'p');
  await runCliJson(['new', dir]);
  await runCliJson(['import', dir, shapesSubset(['circle', 'square', 'star', 'triangle'], 15)]);
  await runCliJson(['split', dir, '--seed', '1', '--ratios', ratios, '--stratify']);
  return dir;
}

function configFile(c: Record<string, unknown>): string {
  const f = path.join(tempDir(), 'config.json');
  fs.writeFileSync(f, JSON.stringify(c));
  return f;
}

const SMALL = { imageSize: 16, batchSize: 16, totalExamples: 16 * 4 * 4, checkpoints: 4, learningRate: 0.01, seed: 3, earlyStopping: false, keepBest: 1 };

function weights(runDir: string): Float32Array {
  const b = fs.readFileSync(path.join(runDir, 'model', 'weights.bin'));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

let dir = '';
beforeAll(async () => {
  dir = await project();
}, 60_000);

describe('trainyard train', () => {
  it('prints {run, backend, best, history} with --json, and runs lists it as completed', async () => {
    const r = await runCliJson<TrainJson>(['train', dir, '--config', configFile(SMALL)]);
    expect(r.backend).toBe('wasm');
    expect(r.status).toBe('completed');
    expect(r.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    for (const h of r.history) for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy'] as const) expect(Number.isFinite(h[k])).toBe(true);
    expect(r.best.metrics.val_loss).toBe(Math.min(...r.history.map((h) => h.val_loss)));
    const runs = await runCliJson<Array<{ id: string; status: string; epoch: number; checkpoints: number; best: unknown }>>(['runs', dir]);
    expect(runs.find((x) => x.id === r.run)).toMatchObject({ status: 'completed', epoch: 4, checkpoints: 2 });
    const runDir = path.join(dir, 'runs', r.run);
    expect(fs.readdirSync(runDir).sort()).toEqual(['ckpt-0004', expect.stringMatching(/^ckpt-000[1-3]$/), 'model', 'preprocessing.json'].sort());
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'model', 'preprocessing.json'), 'utf8'))).toMatchObject({ format: 'trainyard-preprocessing', state: { modality: 'image', config: { width: 16, height: 16 } } });

    // Preprocessing lives with the model: raw file bytes through the saved package give the training tensors,
    // and the package scores the validation split exactly as the run's last epoch did.
    const { tf, tfl } = await selectBackend('wasm');
    const pkg = await loadModelPackage(tf, tfl, path.join(runDir, 'model'));
    const project = Project.open(dir);
    const set = loadTrainingSet(project.db, 1);
    project.close();
    const cfg = parseTrainConfig(SMALL);
    if (!cfg.ok) throw new Error('config');
    const training = await fitInputs(set, 'cnn', cfg.config);
    const items = set.validation;
    const atTraining = await training.encode(await Promise.all(items.map((it) => readExample('image', it))));
    const atPrediction = await pkg.encodeRaw(items.map((it) => fs.readFileSync(it.abs!)));
    expect(atPrediction.shape).toEqual(atTraining.shape);
    expect(Buffer.from(atPrediction.data.buffer).equals(Buffer.from(atTraining.data.buffer))).toBe(true);
    const predicted = await pkg.predict(items.map((it) => fs.readFileSync(it.abs!)));
    const hits = predicted.filter((p, i) => 'label' in p && p.label === set.classes[items[i]!.label]).length;
    expect(hits / items.length).toBeCloseTo(r.history.at(-1)!.val_accuracy, 10);
  }, 120_000);

  it('rejects a bad config naming the fields, and data that cannot train, before anything starts', async () => {
    const bad = await runCli(['train', dir, '--config', configFile({ epochs: 3, batchSize: 0 })]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/epochs: unknown field "epochs"/);
    expect(bad.stderr).toMatch(/batchSize: /);
    const model = await runCli(['train', dir, '--model', 'lstm']);
    expect(model.stderr).toMatch(/model: lstm does not fit image data; use cnn/);
    const noVal = await project('0.8,0,0.2');
    const r = await runCli(['train', noVal]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no validation split/);
  }, 120_000);

  it('passes the overfit check on the shapes', async () => {
    const r = await runCliJson<{ passed: boolean; accuracy: number; steps: number; verdict: string }>(['overfit-check', dir, '--config', configFile({ imageSize: 16, learningRate: 0.01 })]);
    expect(r.passed).toBe(true);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.steps).toBeGreaterThan(10);
    expect(r.verdict).toMatch(/^passed/);
  }, 180_000);

  it('resumes a run killed with -9 to the weights of an uninterrupted run (1e-5), with no gap in its history', async () => {
    const config = configFile({ ...SMALL, checkpoints: 6, totalExamples: 16 * 10 * 6, keepBest: 2 });
    const full = await runCliJson<TrainJson>(['train', dir, '--config', config]);

    const before = new Set(fs.readdirSync(path.join(dir, 'runs')));
    const child = cli.start(['train', dir, '--config', config, '--json']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    let runId = '';
    for (let i = 0; i < 1200 && !runId; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const runs = fs.readdirSync(path.join(dir, 'runs')).filter((n) => !before.has(n));
      const fresh = runs.find((n) => fs.readdirSync(path.join(dir, 'runs', n)).filter((f) => /^ckpt-\d+$/.test(f)).length >= 2);
      if (fresh) runId = fresh;
    }
    expect(runId).not.toBe('');
    await cli.kill9(child);
    const listed = await runCliJson<Array<{ id: string; status: string; epoch: number }>>(['runs', dir]);
    const killed = listed.find((x) => x.id === runId)!;
    expect(killed.status).toBe('interrupted');
    expect(killed.epoch).toBeGreaterThanOrEqual(2);
    expect(killed.epoch).toBeLessThan(6);

    const resumed = await runCliJson<TrainJson>(['resume', dir, '--run', runId]);
    expect(resumed.status).toBe('completed');
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const a = weights(path.join(dir, 'runs', full.run));
    const b = weights(path.join(dir, 'runs', runId));
    expect(b.length).toBe(a.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThan(1e-5);
    expect(resumed.history.map((h) => h.val_loss)).toEqual(full.history.map((h) => h.val_loss));
  }, 240_000);

  it.each([
    { modality: 'text' as const, source: path.join(REPO, 'resources', 'sample-data', 'text', 'reviews.csv'), model: 'bow-logreg', extra: {} },
    // The fused LSTM (a custom layer and op) through the real loop, the saved package and its reload.
    { modality: 'text' as const, source: path.join(REPO, 'resources', 'sample-data', 'text', 'reviews.csv'), model: 'lstm', extra: { model: 'lstm' } },
    { modality: 'audio' as const, source: path.join(REPO, 'resources', 'sample-data', 'audio'), model: 'mfcc-cnn', extra: { augmentRecipe: 'audio-default' } },
  ])('trains $model on $modality and predicts from raw input through the saved package as in training', async ({ modality, source, model, extra }) => {
    const d = path.join(tempDir(), 'p');
    await runCliJson(['new', d]);
    await runCliJson(['import', d, source]);
    await runCliJson(['split', d, '--seed', '1', '--ratios', '0.7,0.15,0.15', '--stratify']);
    const r = await runCliJson<TrainJson>(['train', d, '--config', configFile({ totalExamples: 32 * 6, checkpoints: 2, learningRate: 0.01, earlyStopping: false, ...extra })]);
    expect(r).toMatchObject({ backend: 'wasm', status: 'completed' });
    const top = (r as unknown as { topFeatures?: Array<{ class: string; features: Array<{ feature: string }> }> }).topFeatures;
    if (model === 'bow-logreg') {
      expect(top!.map((c) => c.class)).toEqual(['food', 'sports', 'tech', 'weather']);
      expect(top!.every((c) => c.features.length === 15)).toBe(true);
    } else {
      expect(top).toBeUndefined();
    }
    const { tf, tfl } = await selectBackend('wasm');
    const pkg = await loadModelPackage(tf, tfl, path.join(d, 'runs', r.run, 'model'));
    expect(pkg.spec.model).toBe(model);
    // The sample words are 8 kHz: resampled to 16 kHz, with the mel bands stopping at their 4 kHz Nyquist (none left empty).
    if (modality === 'audio') expect(pkg.encoder.state).toMatchObject({ config: { sampleRate: 16_000, mfcc: { fMax: 4000 } } });
    const project = Project.open(d);
    const set = loadTrainingSet(project.db, 1);
    project.close();
    const items = set.validation;
    const raws = items.map((it) => (modality === 'text' ? it.text! : fs.readFileSync(it.abs!)));
    const cfg = parseTrainConfig({});
    if (!cfg.ok) throw new Error('config');
    const training = await fitInputs(set, model as 'bow-logreg' | 'lstm' | 'mfcc-cnn', cfg.config); // refit on train: what the run did
    const atTraining = await training.encode(await Promise.all(items.map((it) => readExample(modality, it))));
    const atPrediction = await pkg.encodeRaw(raws);
    expect(Buffer.from(atPrediction.data.buffer).equals(Buffer.from(atTraining.data.buffer))).toBe(true);
    const predicted = await pkg.predict(raws);
    const hits = predicted.filter((p, i) => 'label' in p && p.label === set.classes[items[i]!.label]).length;
    expect(hits / items.length).toBeCloseTo(r.history.at(-1)!.val_accuracy, 10);
  }, 120_000);

  it('trains on the columns of a CSV (numeric, categorical, date) and predicts from a JSON row as in training', async () => {
    const d = path.join(tempDir(), 'p');
    const csv = path.join(tempDir(), 'orders.csv');
    const lines = ['id,text,amount,colour,when,label'];
    for (let i = 0; i < 300; i++) {
      const amount = (i * 37) % 100;
      const colour = ['red', 'green', 'blue'][i % 3]!;
      lines.push(`r${i},order ${i},${amount},${colour},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(amount > 50) !== (colour === 'red') ? 'big' : 'small'}`);
    }
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    await runCliJson(['new', d]);
    await runCliJson(['import', d, csv]);
    await runCliJson(['split', d, '--seed', '1', '--ratios', '0.7,0.15,0.15', '--stratify']);
    const bad = await runCli(['train', d, '--config', configFile({ modality: 'tabular', columns: { amout: 'numeric' } })]);
    expect(bad.stderr).toMatch(/columns\.amout: no such column \(columns: amount, colour, when\)/);
    const r = await runCliJson<TrainJson>(['train', d, '--config', configFile({ modality: 'tabular', totalExamples: 6000, checkpoints: 3, learningRate: 0.01, earlyStopping: false })]);
    expect(r.history.at(-1)!.val_accuracy).toBeGreaterThan(0.85);
    const { tf, tfl } = await selectBackend('wasm');
    const pkg = await loadModelPackage(tf, tfl, path.join(d, 'runs', r.run, 'model'));
    expect(pkg.spec.model).toBe('mlp');
    expect(pkg.encoder.state).toMatchObject({ modality: 'tabular', featureNames: expect.arrayContaining(['amount', 'colour=red', 'when.dow_sin']) });
    const project = Project.open(d);
    const set = loadTrainingSet(project.db, 1);
    project.close();
    const items = set.validation;
    const atTraining = await pkg.encoder.encode(await Promise.all(items.map((it) => readExample('tabular', it))));
    const atPrediction = await pkg.encodeRaw(items.map((it) => JSON.stringify(it.meta)));
    expect(Buffer.from(atPrediction.data.buffer).equals(Buffer.from(atTraining.data.buffer))).toBe(true);
  }, 120_000);
});

/**
 * The check that matters: preprocessing restored from the saved model
 * (preprocessing.json on disk) turns the same raw input into the same bytes
 * as the state that training fitted and used in memory. Real data: the
 * bundled sample project's PNGs, WAVs and CSV, plus the JPEG/WebP/… fixtures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureConfigInput, FeatureState } from '../../../shared/features/spec.ts';
import { readTable, type CellValue } from '../datasets/tabular.ts';
import {
  exampleShape, featureNames, fitPreprocessor, inferColumnTypes, loadFeatures, PREPROCESSING_FILE, saveFeatures, transformBatch, vocabSize,
  type FeatureBatch, type RawInput,
} from './index.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SAMPLE = path.join(ROOT, 'resources/sample-data');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-features-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every `step`-th file under `dir` with one of the extensions, sorted (so the test is the same everywhere). */
function files(dir: string, ext: RegExp, step = 1): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => ext.test(f)).sort().filter((_, i) => i % step === 0).map((f) => path.join(dir, f));
}

async function csvRows(file: string): Promise<Record<string, CellValue>[]> {
  const rows: Record<string, CellValue>[] = [];
  for await (const e of readTable(file)) if (e.kind === 'row') rows.push(e.record);
  return rows;
}

function bytesOf(b: FeatureBatch): Buffer {
  return Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
}

let n = 0;

/** Fits on `train`, transforms `all` in memory, saves, loads into a fresh state and transforms again. */
async function roundTrip(config: FeatureConfigInput, train: RawInput[], all: RawInput[]): Promise<{ state: FeatureState; batch: FeatureBatch }> {
  const state = await fitPreprocessor(config, train);
  const batch = await transformBatch(state, all);
  const dir = path.join(tmp, `model-${n++}`);
  await saveFeatures(dir, state);
  const saved = JSON.parse(fs.readFileSync(path.join(dir, PREPROCESSING_FILE), 'utf8')) as { format: string; version: number };
  expect([saved.format, saved.version]).toEqual(['trainyard-preprocessing', 1]);
  const loaded = await loadFeatures(dir);
  expect(loaded).not.toBe(state);
  expect(loaded).toEqual(state);
  const again = await transformBatch(loaded, all);
  expect(again.shape).toEqual(batch.shape);
  expect(again.dtype).toBe(batch.dtype);
  expect(bytesOf(again).equals(bytesOf(batch))).toBe(true);
  expect(batch.shape).toEqual([all.length, ...exampleShape(state)]);
  expect(batch.data.every(Number.isFinite)).toBe(true);
  return { state, batch };
}

describe('saved preprocessing gives byte-identical batches', () => {
  it('images: sample PNGs and every fixture format, letterboxed to grey and centre-cropped RGB', async () => {
    const raws = [...files(path.join(SAMPLE, 'images'), /\.png$/, 9), ...files(path.join(ROOT, 'test/fixtures/images-good'), /\.\w+$/)].map((f) => fs.readFileSync(f));
    expect(raws.length).toBeGreaterThan(40);
    await roundTrip({ modality: 'image', width: 24, height: 20, mode: 'letterbox', channels: 1, padValue: 114 }, [], raws);
    await roundTrip({ modality: 'image', mode: 'center-crop', normalize: { mean: [0.1, 0.2, 0.3], std: [0.7, 0.8, 0.9] } }, [], raws);
  });

  it('text: the sample reviews as sequences and as a tf-idf bag of 1–2-grams, fitted on half', async () => {
    const texts = (await csvRows(path.join(SAMPLE, 'text/reviews.csv'))).map((r) => String(r.text));
    const train = texts.filter((_, i) => i % 2 === 0);
    const seq = await roundTrip({ modality: 'text' }, train, texts);
    expect(seq.batch.dtype).toBe('int32');
    expect(vocabSize(seq.state)).toBeGreaterThan(50);
    // Held-out rows have words train never saw: they are <unk> (1), never an id outside the vocabulary.
    expect(Array.from(seq.batch.data).includes(1)).toBe(true);
    expect(Math.max(...seq.batch.data)).toBeLessThan(vocabSize(seq.state)!);
    const bag = await roundTrip({ modality: 'text', tokenizer: 'word+punct', output: { mode: 'bag', ngrams: 2, weighting: 'tfidf' } }, train, texts);
    const names = featureNames(bag.state)!;
    expect(names).toContain('.');
    expect(names.some((f) => f.split(' ').length === 2)).toBe(true);
  });

  it('audio: the sample WAVs (8 kHz) resampled to 16 kHz MFCCs, standardised with train statistics', async () => {
    const raws = files(path.join(SAMPLE, 'audio'), /\.wav$/, 4).map((f) => new Uint8Array(fs.readFileSync(f)));
    const train = raws.filter((_, i) => i % 3 !== 0);
    const { state } = await roundTrip({ modality: 'audio' }, train, raws);
    expect(exampleShape(state)).toEqual([98, 13]);
    await roundTrip({ modality: 'audio', sampleRate: 8000, windowSeconds: 0.8, align: 'start', normalize: false, mfcc: { melBands: 26, preEmphasis: 0 } }, [], raws);
  });

  it('tabular: the sample CSV with inferred column types, rows as records and as CSV lines', async () => {
    const csv = path.join(SAMPLE, 'text/reviews.csv');
    const rows = await csvRows(csv);
    const columns = inferColumnTypes(rows.slice(0, 200)).map(({ name, type }) => ({ name, type }));
    expect(columns.map((c) => c.type)).toEqual(['id', 'text', 'label', 'date', 'categorical']);
    const train = rows.filter((_, i) => i % 4 !== 0);
    const lines = fs.readFileSync(csv, 'utf8').split('\n').slice(1).filter((l) => l && !l.includes('\n')).slice(0, 40);
    const { state } = await roundTrip({ modality: 'tabular', columns, cyclical: true }, train, [...rows.slice(0, 60), ...lines]);
    expect(featureNames(state)).toContain('date.dow_sin');
    await roundTrip({ modality: 'tabular', columns, cyclical: false, maxCategories: 1, missingIndicator: false }, train, rows.slice(0, 60));
  });
});

describe('preprocessing.json that cannot be used', () => {
  it('says so, naming the version or the field', async () => {
    const state = await fitPreprocessor({ modality: 'image' }, []);
    const dir = path.join(tmp, 'bad');
    const file = await saveFeatures(dir, state);
    const body = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; state: { config: Record<string, unknown> } };
    fs.writeFileSync(file, JSON.stringify({ ...body, version: 99 }));
    await expect(loadFeatures(dir)).rejects.toThrow(/newer Trainyard/);
    body.state.config.sharpen = true;
    fs.writeFileSync(file, JSON.stringify(body));
    await expect(loadFeatures(dir)).rejects.toThrow(/state\.config.*sharpen/);
    await expect(loadFeatures(path.join(tmp, 'missing'))).rejects.toThrow(/cannot read/);
  });

  it('rejects a config with an unknown field or a bad value, naming it', async () => {
    await expect(fitPreprocessor({ modality: 'text', lowercas: true } as FeatureConfigInput, [])).rejects.toThrow(/lowercas/);
    await expect(fitPreprocessor({ modality: 'image', width: 2 }, [])).rejects.toThrow(/width/);
  });
});

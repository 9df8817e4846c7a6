/**
 * Augmented-dataset export through the real contract, worker threads, sharp
 * and files: layout, manifests, determinism across worker counts, replay of
 * one manifest row, leakage guard, balancing, class limits, bad samples and
 * write errors.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/shared/augment/presets.ts';
import type { Client, Input } from '../../src/shared/contract/index.ts';
import { compileRecipe, replay, type Applied } from '../../src/main/services/augment/engine.ts';
import type { AugmentExportSummary } from '../../src/main/services/augment/export-job.ts';
import { encodeSample, loadSample } from '../../src/main/services/augment/sample-io.ts';
import { contextFor } from '../../src/main/services/augment/task.ts';
import { decodeWav } from '../../src/main/services/datasets/media/wav.ts';
import { folderSubset, importAndWait, newProject, projectPerTest, REPO, shapesSubset, tempDir, type TestProject } from '../helpers/project.ts';

const SAMPLES = path.join(REPO, 'resources', 'sample-data');

async function splitDataset(api: Client, datasetId: number): Promise<void> {
  await api.call('splits.create', { datasetId, config: { seed: 1, ratios: [0.5, 0.25, 0.25], mode: 'stratified' } });
}

async function exportWith(api: Client, input: Partial<Input<'augment.start'>> & { datasetId: number; out: string }): Promise<AugmentExportSummary> {
  const { jobId } = await api.call('augment.start', {
    recipe: presets['image-default'], format: 'imagefolder', seed: 7, variants: 2, splits: ['train'], includeOriginals: true, overwrite: false, allowEvalSplits: false, ...input,
  } as Input<'augment.start'>);
  const job = await api.call('jobs.wait', { jobId });
  if (job.status !== 'completed') throw new Error(`augment ${job.status}: ${job.error}`);
  return job.result as AugmentExportSummary;
}

/** Every file under dir (relative path → sha256). */
function digest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function jsonl(file: string): Array<Record<string, unknown>> {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function trainCounts(api: Client, dataset: string): Promise<Record<string, number>> {
  const stats = await api.call('stats.get', { dataset });
  return stats.splits.train ?? {};
}

describe('augment export (images)', () => {
  const project = projectPerTest();

  async function imageProject(perClass = 6): Promise<{ p: TestProject; datasetId: number; src: string }> {
    const p = await project();
    const src = shapesSubset(['circle', 'square', 'star'], perClass);
    const { datasetId } = await importAndWait(p.api, { source: src, modality: 'image' });
    await splitDataset(p.api, datasetId);
    return { p, datasetId, src };
  }

  it('writes split/label/file with originals and K variants, and manifests that list every file with its drawn parameters', async () => {
    const { p, datasetId } = await imageProject();
    const out = path.join(tempDir(), 'aug');
    const s = await exportWith(p.api, { datasetId, out });
    const train = await trainCounts(p.api, 'images');
    const trainTotal = Object.values(train).reduce((a, b) => a + b, 0);
    expect(s.written).toBe(trainTotal * 2);
    expect(s.originals).toBe(trainTotal);
    expect(s.errors).toEqual([]);
    expect(fs.readdirSync(out).sort()).toEqual(['manifest.csv', 'manifest.jsonl', 'train']);
    for (const [label, n] of Object.entries(train)) expect(fs.readdirSync(path.join(out, 'train', label))).toHaveLength(n * 3);

    const header = fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8').split('\n')[0]!.split(',');
    for (const c of ['file', 'source_id', 'split', 'label', 'recipe_id', 'seed', 'variant', 'ops']) expect(header).toContain(c);
    const rows = jsonl(path.join(out, 'manifest.jsonl'));
    expect(rows).toHaveLength(trainTotal * 3);
    for (const r of rows) {
      expect(fs.existsSync(path.join(out, r.file as string))).toBe(true);
      expect(r.split).toBe('train');
      expect((r.file as string).startsWith(`train/${r.label as string}/`)).toBe(true);
      if (r.variant === 'original') continue;
      expect(r.recipe_id).toBe(s.recipeId);
      expect(r.seed).toBe(7);
      for (const op of r.ops as Array<Record<string, unknown>>) expect(typeof op.op).toBe('string');
    }
    // random_resized_crop runs at p 0.5 with drawn crop boxes recorded; at least one variant used it.
    const crops = rows.flatMap((r) => (r.ops as Array<Record<string, unknown>>).filter((o) => o.op === 'random_resized_crop'));
    expect(crops.length).toBeGreaterThan(0);
    for (const c of crops) expect(Object.keys(c)).toEqual(expect.arrayContaining(['x', 'y', 'width', 'height']));
    const cropped = rows.find((r) => (r.ops as Array<{ op: string }>).some((o) => o.op === 'random_resized_crop'))!;
    const meta = await sharp(path.join(out, cropped.file as string)).metadata();
    expect([meta.width, meta.height]).toEqual([224, 224]);
  });

  it('gives byte-identical output for the same seed whatever the worker count, and different output for another seed', async () => {
    const one = await newProject({ workers: 1 });
    const two = await newProject({ workers: 2 });
    try {
      const src = shapesSubset(['circle', 'square'], 5);
      const ids: number[] = [];
      for (const p of [one, two]) {
        const { datasetId } = await importAndWait(p.api, { source: src, modality: 'image' });
        await splitDataset(p.api, datasetId);
        ids.push(datasetId);
      }
      const a = path.join(tempDir(), 'a');
      const b = path.join(tempDir(), 'b');
      const c = path.join(tempDir(), 'c');
      await exportWith(one.api, { datasetId: ids[0]!, out: a, variants: 3 });
      await exportWith(two.api, { datasetId: ids[1]!, out: b, variants: 3 });
      await exportWith(two.api, { datasetId: ids[1]!, out: c, variants: 3, seed: 8 });
      const da = digest(a);
      expect(da.size).toBeGreaterThan(10);
      expect(digest(b)).toEqual(da);
      const dc = digest(c);
      const changed = [...dc].filter(([f, h]) => f.includes('__aug') && da.get(f) !== h);
      expect(changed.length).toBeGreaterThan(dc.size / 3);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('replays one manifest row alone from its recorded parameters to the same bytes', async () => {
    const { p, datasetId, src: root } = await imageProject(3);
    const out = path.join(tempDir(), 'aug');
    await exportWith(p.api, { datasetId, out, variants: 3 });
    const rows = jsonl(path.join(out, 'manifest.jsonl')).filter((r) => r.variant !== 'original' && (r.ops as unknown[]).length >= 2);
    expect(rows.length).toBeGreaterThan(0);
    const row = rows[0]!;
    const sample = await p.api.call('samples.byKey', { datasetId, key: row.source_id as string });
    const pipeline = compileRecipe(presets['image-default']);
    const src = { key: sample.key, modality: 'image' as const, abs: path.join(root, sample.path!), text: null, format: 'png' };
    const applied = (row.ops as Array<Record<string, unknown>>).map(({ op, step, ...drawn }) => ({ op, step, drawn }) as Applied);
    const replayed = await replay(pipeline, await loadSample(src), applied, contextFor(pipeline));
    expect(createHash('sha256').update(await encodeSample(src, replayed)).digest('hex')).toBe(digest(out).get(row.file as string));
  });

  it('writes the Hugging Face imagefolder layout with a metadata.csv per split', async () => {
    const { p, datasetId } = await imageProject(4);
    const out = path.join(tempDir(), 'hf');
    const s = await exportWith(p.api, { datasetId, out, format: 'hf', variants: 1 });
    const meta = fs.readFileSync(path.join(out, 'train', 'metadata.csv'), 'utf8').trim().split('\n');
    expect(meta[0]!.split(',').slice(0, 2)).toEqual(['file_name', 'label']);
    expect(meta).toHaveLength(s.written + s.originals + 1);
    for (const line of meta.slice(1)) {
      const file = line.split(',')[0]!;
      expect(file).not.toContain('/');
      expect(fs.existsSync(path.join(out, 'train', file))).toBe(true);
    }
  });

  it('refuses validation/test unless asked explicitly, then keeps augmented copies in their source split', async () => {
    const { p, datasetId } = await imageProject(4);
    const out = path.join(tempDir(), 'val');
    await expect(p.api.call('augment.start', {
      datasetId, out, recipe: presets['image-default'], format: 'imagefolder', seed: 1, variants: 1, splits: ['validation'], includeOriginals: false, overwrite: false, allowEvalSplits: false,
    } as Input<'augment.start'>).then(async ({ jobId }) => p.api.call('jobs.wait', { jobId })).then((j) => {
      if (j.status !== 'completed') throw new Error(j.error ?? j.status);
    })).rejects.toThrow(/leaks/);
    const s = await exportWith(p.api, { datasetId, out, splits: ['validation', 'test'], allowEvalSplits: true, includeOriginals: false, variants: 1 });
    const rows = jsonl(path.join(out, 'manifest.jsonl'));
    expect(rows).toHaveLength(s.written);
    for (const r of rows) {
      const sample = await p.api.call('samples.byKey', { datasetId, key: r.source_id as string });
      expect(r.split).toBe(sample.split);
      expect((r.file as string).split('/')[0]).toBe(sample.split);
    }
    expect(new Set(rows.map((r) => r.split))).toEqual(new Set(['validation', 'test']));
  });

  it('balances classes up to the majority and augments only the classes a recipe names', async () => {
    const p = await project();
    const src = shapesSubset(['circle', 'square'], 8);
    for (const f of fs.readdirSync(path.join(src, 'square')).sort().slice(3)) fs.rmSync(path.join(src, 'square', f));
    const { datasetId } = await importAndWait(p.api, { source: src, modality: 'image' });
    const out = path.join(tempDir(), 'bal');
    await exportWith(p.api, { datasetId, out, splits: ['all'], allowEvalSplits: true, recipe: { ...presets['image-default'], balance: { mode: 'majority' } } });
    const rows = jsonl(path.join(out, 'manifest.jsonl'));
    const per = (label: string): number => rows.filter((r) => r.label === label).length;
    expect(per('circle')).toBe(8);
    expect(per('square')).toBe(8);
    expect(rows.filter((r) => r.label === 'circle' && r.variant !== 'original')).toHaveLength(0);

    const only = path.join(tempDir(), 'only');
    await exportWith(p.api, { datasetId, out: only, splits: ['all'], allowEvalSplits: true, variants: 2, recipe: { ...presets['image-default'], classes: ['square'] } });
    const onlyRows = jsonl(path.join(only, 'manifest.jsonl')).filter((r) => r.variant !== 'original');
    expect(onlyRows).toHaveLength(3 * 2);
    expect(new Set(onlyRows.map((r) => r.label))).toEqual(new Set(['square']));
  });

  it('reports a sample that no longer decodes and exports the rest', async () => {
    const { p, datasetId, src } = await imageProject(4);
    const train = (await p.api.call('samples.list', { datasetId, filter: { splits: ['train'] }, limit: 1 })).items[0]!;
    const detail = await p.api.call('samples.get', { id: train.id });
    const file = path.join(src, detail.path!);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 60));
    const out = path.join(tempDir(), 'aug');
    const s = await exportWith(p.api, { datasetId, out, variants: 1 });
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]!.item).toBe(detail.key);
    expect(s.errors[0]!.reason).toMatch(/cannot read/);
    expect(s.written).toBeGreaterThan(0);
    expect(jsonl(path.join(out, 'manifest.jsonl')).some((r) => r.source_id === detail.key)).toBe(false);
  });

  it('stops promptly when cancelled and leaves neither output nor partial folder', async () => {
    const { p, datasetId } = await imageProject(8);
    const parent = tempDir();
    const out = path.join(parent, 'aug');
    const { jobId } = await p.api.call('augment.start', {
      datasetId, out, recipe: presets['image-default']!, format: 'imagefolder', seed: 1, variants: 40, splits: ['train'], includeOriginals: false, overwrite: false, allowEvalSplits: false,
    });
    let cancelledAt = -1;
    const off = p.api.on('job.progress', (e) => {
      if (e.jobId === jobId && e.done >= 1 && cancelledAt < 0) {
        cancelledAt = e.done;
        void p.api.call('jobs.cancel', { jobId });
      }
    });
    const job = await p.api.call('jobs.wait', { jobId });
    off();
    expect(job.status).toBe('cancelled');
    expect(job.done).toBeLessThan(job.total!);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)('stops cleanly on a full disk: the job fails with the reason and no output or partial folder is left', async () => {
    const { p, datasetId } = await imageProject(6);
    const mnt = tempDir('ty-full-');
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', mnt]).status !== 0) return void console.warn('[augment] cannot mount a tmpfs here; disk-full test not run');
    try {
      const out = path.join(mnt, 'aug');
      const { jobId } = await p.api.call('augment.start', {
        datasetId, out, recipe: presets['image-default'], format: 'imagefolder', seed: 1, variants: 4, splits: ['train'], includeOriginals: true, overwrite: false, allowEvalSplits: false,
      } as Input<'augment.start'>);
      const job = await p.api.call('jobs.wait', { jobId });
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/ENOSPC/);
      expect(fs.readdirSync(mnt)).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('augment export (text and audio)', () => {
  const project = projectPerTest();

  it('writes text as CSV and JSONL with protected numbers kept', async () => {
    const p = await project();
    const { datasetId } = await importAndWait(p.api, { source: path.join(SAMPLES, 'text', 'reviews.csv'), modality: 'text' });
    await splitDataset(p.api, datasetId);
    const out = path.join(tempDir(), 'text');
    const s = await exportWith(p.api, { datasetId, out, format: 'csv', recipe: presets['text-default'], variants: 1, includeOriginals: false });
    expect(s.written).toBeGreaterThan(50);
    const rows = jsonl(path.join(out, 'manifest.jsonl'));
    const changed = [];
    for (const r of rows.slice(0, 60)) {
      const sample = await p.api.call('samples.byKey', { datasetId, key: r.source_id as string });
      if (r.text !== sample.text) changed.push(r);
      const numbers = (t: string): string[] => t.match(/\d+(?:\.\d+)?/g) ?? [];
      expect(numbers(r.text as string)).toEqual(numbers(sample.text!));
    }
    expect(changed.length).toBeGreaterThan(30);
    expect(fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8').split('\n')[0]).toMatch(/^text,source_id,split,label,recipe_id,seed,variant,ops$/);
  });

  it('writes audio as WAV folders that decode at the source rate', async () => {
    const p = await project();
    const src = folderSubset(path.join(SAMPLES, 'audio'), ['yes', 'no'], 6);
    const { datasetId } = await importAndWait(p.api, { source: src, modality: 'audio' });
    await splitDataset(p.api, datasetId);
    const out = path.join(tempDir(), 'audio');
    const s = await exportWith(p.api, { datasetId, out, format: 'wav', recipe: presets['audio-default'], variants: 2, includeOriginals: false });
    const rows = jsonl(path.join(out, 'manifest.jsonl'));
    expect(rows).toHaveLength(s.written);
    for (const r of rows) {
      const a = decodeWav(fs.readFileSync(path.join(out, r.file as string)));
      const sample = await p.api.call('samples.byKey', { datasetId, key: r.source_id as string });
      const orig = decodeWav(fs.readFileSync(path.join(src, sample.path!)));
      expect(a.sampleRate).toBe(orig.sampleRate);
      expect(a.channels[0]!.length).toBeGreaterThan(orig.channels[0]!.length * 0.7);
    }
  });
});

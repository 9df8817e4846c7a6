/**
 * Live previews: a few samples, K variants each, written into the project's
 * preview cache (content-addressed names, pruned after a day) and served by id
 * like any media; texts come back inline. Seeded like the export, so what the
 * preview shows for (seed, sample, variant) is exactly what an export writes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SPLIT_NAMES, TrainyardError } from '../../../shared/contract/index.ts';
import { waveformPeaks, waveformSvg } from '../datasets/media/waveform.ts';
import type { Project } from '../project/project.ts';
import { augment, compileRecipe, type Applied, type Pipeline } from './engine.ts';
import type { AudioData, ImageData, TextData } from './op.ts';
import { encodeSample, loadSample, outputExtension, type AnyData, type SourceRef } from './sample-io.ts';
import { spectrogramPng } from './spectrogram-image.ts';
import { contextFor } from './task.ts';
import { loadWordNet } from './text/wordnet.ts';

export interface PreviewItem {
  file: string | null;
  waveform: string | null;
  spectrogram: string | null;
  text: string | null;
  width: number | null;
  height: number | null;
  durationSec: number | null;
}

export interface PreviewSample {
  sampleId: number;
  key: string;
  label: string | null;
  split: string | null;
  original: PreviewItem;
  variants: Array<{ variant: number; applied: Applied[]; item: PreviewItem }>;
}

const DAY_MS = 24 * 3600 * 1000;

export function previewDir(project: Project): string {
  return path.join(project.cacheDir, 'previews');
}

async function store(dir: string, bytes: Buffer | string, ext: string): Promise<string> {
  const name = `${createHash('sha1').update(bytes).digest('hex')}${ext}`;
  const file = path.join(dir, name);
  try {
    await fs.access(file);
  } catch {
    await fs.writeFile(`${file}.tmp`, bytes);
    await fs.rename(`${file}.tmp`, file);
  }
  return name;
}

async function prune(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const st = await fs.stat(file).catch(() => null);
    if (st && now - st.mtimeMs > DAY_MS) await fs.rm(file, { force: true });
  }
}

async function item(dir: string, src: SourceRef, data: AnyData): Promise<PreviewItem> {
  const empty: PreviewItem = { file: null, waveform: null, spectrogram: null, text: null, width: null, height: null, durationSec: null };
  if (src.modality === 'text') return { ...empty, text: (data as TextData).text };
  const file = await store(dir, await encodeSample(src, data), outputExtension(src));
  if (src.modality === 'image') {
    const img = data as ImageData;
    return { ...empty, file, width: img.width, height: img.height };
  }
  const audio = data as AudioData;
  const waveform = await store(dir, waveformSvg(waveformPeaks(audio, 300), { width: 300, height: 64, color: '#3b5bdb' }), '.svg');
  const spectrogram = await store(dir, await spectrogramPng(audio), '.png');
  return { ...empty, file, waveform, spectrogram, durationSec: (audio.channels[0]?.length ?? 0) / audio.sampleRate };
}

function sourceOf(project: Project, sampleId: number): SourceRef & { label: string | null; split: string | null; datasetId: number } {
  const r = project.db.get<{ key: string; modality: SourceRef['modality']; rel_path: string | null; root: string | null; text: string | null; format: string | null; label: string | null; split: number | null; dataset_id: number }>(
    `SELECT s.key, d.modality, s.rel_path, src.root, s.text, s.format, c.name AS label, s.split, s.dataset_id FROM samples s
     JOIN datasets d ON d.id = s.dataset_id LEFT JOIN sources src ON src.id = s.source_id LEFT JOIN classes c ON c.id = s.label_id WHERE s.id = ?`,
    sampleId,
  );
  if (!r) throw new TrainyardError('not_found', `no sample ${sampleId}`);
  return {
    key: r.key, modality: r.modality, abs: r.rel_path && r.root ? path.join(r.root, r.rel_path) : null, text: r.text, format: r.format,
    label: r.label, split: r.split === null ? null : SPLIT_NAMES[r.split]!, datasetId: r.dataset_id,
  };
}

export async function runPreview(project: Project, req: { datasetId: number; recipe: unknown; sampleIds: number[]; variants: number; seed: number }): Promise<{ seed: number; samples: PreviewSample[] }> {
  const pipeline: Pipeline = compileRecipe(req.recipe);
  const dir = previewDir(project);
  await fs.mkdir(dir, { recursive: true });
  void prune(dir);
  if (pipeline.recipe.modality === 'text') await loadWordNet();
  const ctx = contextFor(pipeline);
  const samples: PreviewSample[] = [];
  for (const id of req.sampleIds) {
    const src = sourceOf(project, id);
    if (src.datasetId !== req.datasetId) throw new TrainyardError('invalid_input', `sample ${id} is not in dataset ${req.datasetId}`);
    if (src.modality !== pipeline.recipe.modality) throw new TrainyardError('invalid_input', `the recipe is for ${pipeline.recipe.modality}, sample ${id} is ${src.modality}`);
    const data = await loadSample(src).catch((err: unknown) => {
      throw new TrainyardError('invalid_input', `cannot read sample ${src.key}: ${err instanceof Error ? err.message : String(err)}`);
    });
    const variants: PreviewSample['variants'] = [];
    for (let v = 0; v < req.variants; v++) {
      const r = await augment(pipeline, data, { seed: req.seed, key: src.key, variant: v }, ctx);
      variants.push({ variant: v, applied: r.applied, item: await item(dir, src, r.output) });
    }
    samples.push({ sampleId: id, key: src.key, label: src.label, split: src.split, original: await item(dir, src, data), variants });
  }
  return { seed: req.seed, samples };
}

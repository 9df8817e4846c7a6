/**
 * Exporting an augmented dataset: plan the variants (fixed count, or class
 * balancing), run them on the augment worker pool a bounded number at a time,
 * write files and manifests in plan order (so reruns give identical
 * manifests), all inside a temporary folder renamed only when complete.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../../../shared/augment/recipe.ts';
import { SPLIT_NAMES, TrainyardError, type ItemError, type SplitName } from '../../../shared/contract/index.ts';
import type { JobHandle } from '../../core/jobs.ts';
import type { WorkerPool } from '../../workers/pool.ts';
import { safeName } from '../datasets/export.ts';
import { getDataset } from '../datasets/repo.ts';
import type { Db } from '../project/db.ts';
import { isAlive } from '../project/project.ts';
import { compileRecipe } from './engine.ts';
import { ManifestWriter } from './manifest.ts';
import { planVariants, type PlannedSample } from './plan.ts';
import { outputExtension } from './sample-io.ts';
import type { AugmentResult, AugmentTask } from './task.ts';

export type AugmentFormat = 'imagefolder' | 'wav' | 'csv' | 'jsonl' | 'hf';

export interface AugmentExportRequest {
  datasetId: number;
  recipe: unknown;
  seed: number;
  variants: number;
  splits: Array<SplitName | 'all'>;
  includeOriginals: boolean;
  format: AugmentFormat;
  out: string;
  overwrite: boolean;
  /** Augmenting validation or test leaks: it must be asked for explicitly. */
  allowEvalSplits: boolean;
}

export interface AugmentExportSummary {
  out: string;
  manifest: string;
  written: number;
  originals: number;
  samples: number;
  recipeId: string;
  seed: number;
  errors: ItemError[];
}

const FORMATS: Record<string, AugmentFormat[]> = { image: ['imagefolder', 'hf'], audio: ['wav', 'hf'], text: ['csv', 'jsonl'] };

export function recipeId(recipe: unknown): string {
  return createHash('sha256').update(canonicalJson(recipe)).digest('hex').slice(0, 12);
}

/** Removes partial folders left by exports whose process died, so a rerun starts clean. */
async function clearStalePartials(out: string): Promise<void> {
  const dir = path.dirname(out);
  const base = `${path.basename(out)}.partial-`;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(base)) continue;
    const pid = Number(name.slice(base.length));
    if (!Number.isInteger(pid) || !isAlive(pid)) await fsp.rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function checkRequest(db: Db, req: AugmentExportRequest, modality: string, recipeModality: string): void {
  if (recipeModality !== modality) throw new TrainyardError('invalid_input', `the recipe is for ${recipeModality}, but this dataset holds ${modality}`);
  if (!FORMATS[modality]!.includes(req.format)) throw new TrainyardError('invalid_input', `format ${req.format} does not fit ${modality} data; use ${FORMATS[modality]!.join(' or ')}`);
  const evalSplits = req.splits.filter((s) => s === 'validation' || s === 'test' || s === 'all');
  if (evalSplits.length && !req.allowEvalSplits) {
    throw new TrainyardError('invalid_input', `augmenting ${evalSplits.join(' and ')} leaks augmented copies into evaluation; export the train split, or confirm with allowEvalSplits (CLI: --allow-eval-splits)`);
  }
  if (!req.splits.includes('all') && !db.get('SELECT 1 FROM samples WHERE dataset_id = ? AND split IS NOT NULL LIMIT 1', req.datasetId)) {
    throw new TrainyardError('invalid_input', 'this dataset is not split yet: split it first (trainyard split), or export --split all');
  }
}

/** Where a variant goes inside the export folder, relative to it. */
function relativeFile(format: AugmentFormat, s: PlannedSample, variant: number, ext: string): string {
  const stem = s.stem + (variant < 0 ? '' : `__aug${variant}`);
  const split = s.split ?? 'unassigned';
  if (format === 'hf') return `${split}/${stem}${ext}`;
  return `${split}/${safeName(s.label ?? '_unlabeled')}/${stem}${ext}`;
}

export async function runAugmentExport(db: Db, pool: () => WorkerPool<AugmentTask, AugmentResult>, job: JobHandle, req: AugmentExportRequest): Promise<AugmentExportSummary> {
  const dataset = getDataset(db, req.datasetId);
  const pipeline = compileRecipe(req.recipe);
  checkRequest(db, req, dataset.modality, pipeline.recipe.modality);
  const recipe = pipeline.recipe;
  const rid = recipeId(recipe);
  const out = path.resolve(req.out);
  if (fs.existsSync(out) && !req.overwrite) throw new TrainyardError('conflict', `${out} exists; choose another output or overwrite it`);
  await fsp.mkdir(path.dirname(out), { recursive: true });
  await clearStalePartials(out);
  const tmp = `${out}.partial-${process.pid}`;
  await fsp.rm(tmp, { recursive: true, force: true });
  await fsp.mkdir(tmp, { recursive: true });

  const plan = planVariants(db, { datasetId: req.datasetId, recipe, variants: req.variants, splits: req.splits, includeOriginals: req.includeOriginals });
  const manifest = new ManifestWriter(tmp, { modality: dataset.modality, format: req.format, recipeId: rid, seed: req.seed });
  const errors: ItemError[] = [];
  let written = 0;
  let originals = 0;
  let done = 0;
  // Each tracked task removes itself when it settles, so the bound below really bounds memory.
  const inflight = new Set<Promise<void>>();
  try {
    const workers = pool();
    // Results arrive in any order; rows are written in plan order.
    const ready = new Map<number, () => Promise<void>>();
    let nextToWrite = 0;
    let writing = Promise.resolve();
    // One writer at a time, so the rows of one sample are never interleaved with another's.
    const flush = (): Promise<void> => (writing = writing.then(async () => {
      for (let w = ready.get(nextToWrite); w; w = ready.get(nextToWrite)) {
        ready.delete(nextToWrite++);
        await w();
      }
    }));
    let seq = 0;
    for (const s of plan.samples()) {
      if (job.signal.aborted) throw new TrainyardError('cancelled', 'export cancelled');
      const ext = outputExtension(s.source);
      const files = s.variants.map((v) => (dataset.modality === 'text' ? null : relativeFile(req.format, s, v, ext)));
      const task: AugmentTask = {
        key: s.source.key, recipe, seed: req.seed, source: s.source,
        outputs: s.variants.map((v, i) => ({ variant: v, file: files[i] ? path.join(tmp, files[i]!) : null })),
      };
      const mySeq = seq++;
      const p = workers.run(task).then((r) => {
        if (!r.ok && r.fatal) throw new TrainyardError('internal', r.reason);
        ready.set(mySeq, async () => {
          done++;
          if (!r.ok) {
            errors.push({ item: s.source.key, reason: r.reason });
          } else {
            for (const [i, v] of r.variants.entries()) {
              await manifest.row({ sample: s, variant: v.variant, file: files[i] ?? null, text: v.text ?? null, applied: v.applied });
              if (v.variant < 0) originals++;
              else written++;
            }
          }
          job.progress(done, plan.total, errors.length);
        });
      });
      const tracked: Promise<void> = p.then(() => flush()).finally(() => inflight.delete(tracked));
      inflight.add(tracked);
      while (inflight.size >= workers.capacity * 2) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    await flush();
    job.progress(plan.total, plan.total, errors.length);
    await manifest.close();
    if (job.signal.aborted) throw new TrainyardError('cancelled', 'export cancelled');
    if (req.overwrite) await fsp.rm(out, { recursive: true, force: true });
    await fsp.rename(tmp, out);
  } catch (err) {
    // Let tasks in flight finish before removing their folder, or they would recreate it.
    await Promise.allSettled(inflight);
    await manifest.close().catch(() => undefined);
    await fsp.rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return { out, manifest: path.join(out, 'manifest.csv'), written, originals, samples: plan.total, recipeId: rid, seed: req.seed, errors };
}

export const SPLITS_ALL = [...SPLIT_NAMES];

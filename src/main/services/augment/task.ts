/**
 * One export task: a source sample and the variants to make of it. Runs in
 * an augment worker (or in-process for previews): decode once, run each
 * variant, write its file. Decode problems are per-sample results; write
 * errors (disk full, read-only) are fatal so the export stops cleanly.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeWav } from '../datasets/media/wav.ts';
import { augment, compileRecipe, type Applied, type Pipeline } from './engine.ts';
import type { ApplyContext, AudioData, TextData } from './op.ts';
import { DEFAULT_PROTECT } from './registry.ts';
import { encodeSample, loadSample, type AnyData, type SourceRef } from './sample-io.ts';
import { loadWordNet } from './text/wordnet.ts';

export interface AugmentTask {
  key: string;
  recipe: unknown;
  seed: number;
  source: SourceRef;
  /** variant -1 is a copy of the original; file is absolute (null: return the text instead). */
  outputs: Array<{ variant: number; file: string | null }>;
}

export interface VariantResult {
  variant: number;
  applied: Applied[];
  text?: string;
}

export type AugmentResult = { ok: true; variants: VariantResult[] } | { ok: false; reason: string; fatal: boolean };

const FATAL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM', 'EMFILE', 'EFBIG']);

const pipelines = new Map<string, Pipeline>();
const backgrounds = new Map<string, Promise<AudioData[]>>();

function pipelineFor(recipe: unknown): Pipeline {
  const id = JSON.stringify(recipe);
  let p = pipelines.get(id);
  if (!p) {
    p = compileRecipe(recipe);
    if (pipelines.size > 20) pipelines.clear();
    pipelines.set(id, p);
  }
  return p;
}

/** WAV clips of a folder, sorted by name so a drawn clip index means the same clip everywhere. */
export function loadBackgrounds(dir: string | undefined): Promise<AudioData[]> {
  if (!dir) return Promise.resolve([]);
  let p = backgrounds.get(dir);
  if (!p) {
    p = (async () => {
      const names = (await fs.readdir(dir)).filter((n) => /\.wav$/i.test(n)).sort();
      const clips: AudioData[] = [];
      for (const n of names) {
        try {
          clips.push(decodeWav(await fs.readFile(path.join(dir, n))));
        } catch {
          // An unreadable clip is skipped; the order of the rest stays stable.
        }
      }
      return clips;
    })();
    backgrounds.set(dir, p);
  }
  return p;
}

export function contextFor(pipeline: Pipeline): ApplyContext {
  return {
    protect: { ...DEFAULT_PROTECT, ...pipeline.recipe.protect },
    backgroundClips: () => loadBackgrounds(pipeline.recipe.backgroundDir),
  };
}

const ext = (file: string): string => path.extname(file).toLowerCase().replace('.jpeg', '.jpg');

/** An original is copied byte for byte when its file type is the export's; otherwise re-encoded (a GIF never lands as .jpg). */
function sameFormat(source: string, target: string): boolean {
  return ext(source) === ext(target);
}

export async function runAugmentTask(task: AugmentTask): Promise<AugmentResult> {
  const pipeline = pipelineFor(task.recipe);
  if (pipeline.recipe.modality === 'text') await loadWordNet();
  let data: AnyData;
  try {
    data = await loadSample(task.source);
  } catch (err) {
    return { ok: false, reason: `cannot read ${task.source.abs ?? task.key}: ${err instanceof Error ? err.message : String(err)}`, fatal: false };
  }
  const ctx = contextFor(pipeline);
  const variants: VariantResult[] = [];
  for (const out of task.outputs) {
    let result: { output: AnyData; applied: Applied[] };
    try {
      result = out.variant < 0 ? { output: data, applied: [] } : await augment(pipeline, data, { seed: task.seed, key: task.key, variant: out.variant }, ctx);
    } catch (err) {
      return { ok: false, reason: `augmenting ${task.key} failed: ${err instanceof Error ? err.message : String(err)}`, fatal: false };
    }
    if (out.file === null) {
      variants.push({ variant: out.variant, applied: result.applied, text: (result.output as TextData).text });
      continue;
    }
    try {
      const bytes = out.variant < 0 && task.source.abs && sameFormat(task.source.abs, out.file)
        ? await fs.readFile(task.source.abs)
        : await encodeSample(task.source, result.output);
      await fs.mkdir(path.dirname(out.file), { recursive: true });
      await fs.writeFile(out.file, bytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      return { ok: false, reason: `cannot write ${out.file}: ${code || String(err)}`, fatal: FATAL_CODES.has(code) };
    }
    variants.push({ variant: out.variant, applied: result.applied });
  }
  return { ok: true, variants };
}

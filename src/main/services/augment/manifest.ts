/**
 * The export's manifests: manifest.csv and manifest.jsonl at the top (one row
 * per written file or text, with source, split, label, recipe, seed, variant
 * and the drawn parameters of every applied operation), and for the Hugging
 * Face layout a metadata.csv in each split folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Modality } from '../../../shared/contract/index.ts';
import { csvField } from '../datasets/export.ts';
import type { Applied } from './engine.ts';
import type { AugmentFormat } from './export-job.ts';
import type { PlannedSample } from './plan.ts';

class LineFile {
  private readonly stream: fs.WriteStream;
  private failed: Error | null = null;

  constructor(file: string) {
    this.stream = fs.createWriteStream(file);
    this.stream.on('error', (err) => (this.failed = err));
  }

  async write(line: string): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.stream.write(line)) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stream.closed) return resolve();
      this.stream.end((err?: Error | null) => (err ?? this.failed ? reject(err ?? this.failed) : resolve()));
    });
  }
}

export interface ManifestRow {
  sample: PlannedSample;
  variant: number;
  file: string | null;
  text: string | null;
  applied: Applied[];
}

/** `[{op, step, ...drawn}]`: what ran, in order, enough to replay the variant alone. */
export function opsJson(applied: Applied[]): string {
  return JSON.stringify(applied.map((a) => ({ op: a.op, step: a.step, ...a.drawn })));
}

export class ManifestWriter {
  private readonly dir: string;
  private readonly csv: LineFile;
  private readonly jsonl: LineFile;
  private readonly columns: string[];
  private readonly hf = new Map<string, LineFile>();
  private readonly opts: { modality: Modality; format: AugmentFormat; recipeId: string; seed: number };

  constructor(dir: string, opts: { modality: Modality; format: AugmentFormat; recipeId: string; seed: number }) {
    this.dir = dir;
    this.opts = opts;
    this.columns = [opts.modality === 'text' ? 'text' : 'file', 'source_id', 'split', 'label', 'recipe_id', 'seed', 'variant', 'ops'];
    this.csv = new LineFile(path.join(dir, 'manifest.csv'));
    this.jsonl = new LineFile(path.join(dir, 'manifest.jsonl'));
    void this.csv.write(this.columns.join(',') + '\n');
  }

  async row(r: ManifestRow): Promise<void> {
    const { recipeId, seed, modality, format } = this.opts;
    const record: Record<string, string | number | null> = {
      [modality === 'text' ? 'text' : 'file']: modality === 'text' ? r.text : r.file,
      source_id: r.sample.source.key,
      split: r.sample.split,
      label: r.sample.label,
      recipe_id: r.variant < 0 ? null : recipeId,
      seed: r.variant < 0 ? null : seed,
      variant: r.variant < 0 ? 'original' : r.variant,
      ops: opsJson(r.applied),
    };
    await this.csv.write(this.columns.map((c) => csvField(record[c])).join(',') + '\n');
    await this.jsonl.write(JSON.stringify({ ...record, ops: r.applied.map((a) => ({ op: a.op, step: a.step, ...a.drawn })) }) + '\n');
    if (format === 'hf' && r.file) await this.hfRow(r, record);
  }

  /** Hugging Face imagefolder/audiofolder: <split>/metadata.csv with file_name relative to the split folder. */
  private async hfRow(r: ManifestRow, record: Record<string, string | number | null>): Promise<void> {
    const split = r.file!.split('/')[0]!;
    let f = this.hf.get(split);
    if (!f) {
      f = new LineFile(path.join(this.dir, split, 'metadata.csv'));
      this.hf.set(split, f);
      await f.write('file_name,label,source_id,variant,recipe_id,seed,ops\n');
    }
    const cells = [r.file!.slice(split.length + 1), record.label, record.source_id, record.variant, record.recipe_id, record.seed, record.ops];
    await f.write(cells.map(csvField).join(',') + '\n');
  }

  async close(): Promise<void> {
    await Promise.all([this.csv.close(), this.jsonl.close(), ...[...this.hf.values()].map((f) => f.close())]);
  }
}

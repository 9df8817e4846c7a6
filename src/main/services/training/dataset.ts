/**
 * What a run trains on: the labeled samples of a dataset by split, the class
 * list, the checks that must pass before any training starts, a fingerprint
 * of the data, and the order in which train samples are served. The order is
 * a seeded hash of each key per pass, so the stream is a pure function of
 * (seed, cursor): a resumed run continues with exactly the batch it would
 * have seen, whatever the row order in the database.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { SPLIT_NAMES, TrainyardError, type Modality, type SplitName } from '../../../shared/contract/index.ts';
import { hashKey } from '../../../shared/rng.ts';
import type { CellValue } from '../datasets/tabular.ts';
import { parseNumber } from '../features/tabular-values.ts';
import { datasetColumns } from '../datasets/repo.ts';
import type { Db } from '../project/db.ts';

export interface TrainItem {
  id: number;
  key: string;
  /** Class index; -1 in a regression set, whose target is `value`. */
  label: number;
  /** Regression: the target column's number (in its own units); null for classification. */
  value: number | null;
  /** Absolute media path (image, audio) or null for text. */
  abs: string | null;
  text: string | null;
  format: string | null;
  meta: Record<string, unknown>;
}

export interface TrainingSet {
  datasetId: number;
  modality: Modality;
  /** Classification of the samples' labels, or regression on the metadata column `target`. */
  task: 'classification' | 'regression';
  target: string | null;
  /** Class names; empty for regression. */
  classes: string[];
  /** Column types chosen at import (tabular datasets), by column name; empty for other datasets. */
  columnTypes: Record<string, string>;
  /** Audio: the highest sample rate among the train clips (null for other data), so the mel bands stop at its Nyquist. */
  maxSampleRate?: number | null;
  train: TrainItem[];
  validation: TrainItem[];
  test: TrainItem[];
  fingerprint: string;
}

interface Row { id: number; key: string; rel_path: string | null; root: string | null; text: string | null; format: string | null; label: string | null; split: number; content_hash: string | null; meta: string; sample_rate: number | null }

export interface LoadOptions {
  /** Regression: the metadata column to predict. Without it the set is for classifying the samples' labels. */
  target?: string | null | undefined;
}

export function loadTrainingSet(db: Db, datasetId: number, opts: LoadOptions = {}): TrainingSet {
  const ds = db.get<{ modality: Modality; name: string }>('SELECT modality, name FROM datasets WHERE id = ?', datasetId);
  if (!ds) throw new TrainyardError('not_found', `no dataset ${datasetId}`);
  const target = opts.target ?? null;
  // Classification reads labeled samples; regression every split sample, its target from the metadata.
  const rows = db.all<Row>(
    `SELECT s.id, s.key, s.rel_path, src.root, s.text, s.format, c.name AS label, s.split, s.content_hash, s.meta, s.sample_rate FROM samples s
     ${target ? 'LEFT ' : ''}JOIN classes c ON c.id = s.label_id LEFT JOIN sources src ON src.id = s.source_id
     WHERE s.dataset_id = ? AND s.split IS NOT NULL ORDER BY s.key`,
    datasetId,
  );
  const classes = target ? [] : [...new Set(rows.map((r) => r.label!))].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const by: Record<SplitName, TrainItem[]> = { train: [], validation: [], test: [] };
  const hash = createHash('sha256');
  let missing = 0;
  let maxSampleRate: number | null = null;
  for (const r of rows) {
    const meta = JSON.parse(r.meta) as Record<string, unknown>;
    let value: number | null = null;
    if (target) {
      value = parseNumber(meta[target] as CellValue | undefined);
      if (value === null) {
        missing++;
        continue;
      }
    }
    if (r.split === 0 && r.sample_rate !== null) maxSampleRate = Math.max(maxSampleRate ?? 0, r.sample_rate);
    by[SPLIT_NAMES[r.split]!].push({
      id: r.id, key: r.key, label: target ? -1 : index.get(r.label!)!, value, abs: r.rel_path && r.root ? path.join(r.root, r.rel_path) : null, text: r.text, format: r.format, meta,
    });
    hash.update(`${r.key}\u0000${r.content_hash ?? r.text ?? ''}\u0000${target ? value : r.label}\u0000${r.split}\n`);
  }
  const set: TrainingSet = {
    datasetId, modality: ds.modality, task: target ? 'regression' : 'classification', target, classes, columnTypes: columnTypesOf(db, datasetId),
    maxSampleRate: ds.modality === 'audio' ? maxSampleRate : null,
    ...by, fingerprint: hash.digest('hex').slice(0, 16),
  };
  if (target && rows.length && missing === rows.length) {
    const keys = Object.keys(JSON.parse(rows[0]!.meta) as object);
    if (!keys.includes(target)) throw new TrainyardError('invalid_input', `target: no column "${target}" (columns: ${keys.join(', ') || 'none'})`);
    throw new TrainyardError('invalid_input', `target: column "${target}" holds no numbers: regression needs a numeric target`);
  }
  checkTrainable(set, ds.name);
  return set;
}

/** The column-type step's result saved at import (tabular datasets), by name. */
function columnTypesOf(db: Db, datasetId: number): Record<string, string> {
  return Object.fromEntries(datasetColumns(db, datasetId).map((c) => [c.name, c.type]));
}

/** The errors that must stop a run before it starts, with what to do about them. */
export function checkTrainable(set: TrainingSet, name: string): void {
  if (set.task === 'regression') {
    checkRegression(set, name);
    return;
  }
  if (!set.train.length) throw new TrainyardError('invalid_input', `dataset ${name} has no labeled samples in the train split: label and split it first`);
  if (set.classes.length < 2) throw new TrainyardError('invalid_input', `dataset ${name} has only one class (${set.classes[0]}): a classifier needs at least two`);
  if (!set.validation.length) throw new TrainyardError('invalid_input', `dataset ${name} has no validation split: re-split with a validation ratio above 0 (e.g. --ratios 0.8,0.1,0.1)`);
  const inTrain = new Set(set.train.map((s) => s.label));
  const missing = set.classes.filter((_, i) => !inTrain.has(i));
  if (missing.length) throw new TrainyardError('invalid_input', `class${missing.length > 1 ? 'es' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no samples in the train split: the model could never learn ${missing.length > 1 ? 'them' : 'it'}`);
}

function checkRegression(set: TrainingSet, name: string): void {
  const t = set.target!;
  if (set.train.length < 2) throw new TrainyardError('invalid_input', `dataset ${name} has ${set.train.length} train sample(s) with a numeric "${t}": split it first (regression needs at least 2)`);
  if (!set.validation.length) throw new TrainyardError('invalid_input', `dataset ${name} has no validation samples with a numeric "${t}": re-split with a validation ratio above 0 (e.g. --ratios 0.8,0.1,0.1)`);
  const first = set.train[0]!.value;
  if (set.train.every((it) => it.value === first)) throw new TrainyardError('invalid_input', `target "${t}" is ${first} in every train sample: there is nothing to learn`);
}

/** The train order of one pass: keys sorted by a seeded hash, a fresh order each pass. */
export function passOrder(items: TrainItem[], seed: number, pass: number): number[] {
  const h = items.map((it) => hashKey(it.key, seed * 100_003 + pass));
  return items.map((_, i) => i).sort((a, b) => h[a]! - h[b]! || (items[a]!.key < items[b]!.key ? -1 : 1));
}

/** Serves batches from an endless stream of seeded passes, addressed by the number of examples served so far. */
export class BatchOrder {
  private readonly items: TrainItem[];
  private readonly seed: number;
  private cachedPass = -1;
  private order: number[] = [];

  constructor(items: TrainItem[], seed: number) {
    this.items = items;
    this.seed = seed;
  }

  /** The batch starting at `cursor` (examples served so far). */
  batch(cursor: number, size: number): TrainItem[] {
    const out: TrainItem[] = [];
    const n = this.items.length;
    for (let c = cursor; c < cursor + size; c++) {
      const pass = Math.floor(c / n);
      if (pass !== this.cachedPass) {
        this.order = passOrder(this.items, this.seed, pass);
        this.cachedPass = pass;
      }
      out.push(this.items[this.order[c % n]!]!);
    }
    return out;
  }
}

/** Class weights inversely proportional to train frequency (mean 1), as scikit-learn's "balanced". */
export function balancedClassWeights(set: TrainingSet): number[] {
  const counts = set.classes.map(() => 0);
  for (const it of set.train) counts[it.label]!++;
  return counts.map((c) => (c ? set.train.length / (set.classes.length * c) : 0));
}

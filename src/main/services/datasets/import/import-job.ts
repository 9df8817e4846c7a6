/**
 * An import job: open the source, decode files on the media pool (a few in
 * flight per worker), write batches as results arrive, report progress, stop
 * cleanly on cancel, then place new samples into the dataset's split.
 */
import {
  ClassName, type ImportSummary, type ItemError, type Modality, type TabularColumnType, type TabularTask,
} from '../../../../shared/contract/index.ts';
import type { JobHandle } from '../../../core/jobs.ts';
import type { MediaPool } from '../../../workers/media-pool.ts';
import type { Project } from '../../project/project.ts';
import { assignNewSamples } from '../../splitting/split-service.ts';
import { MEDIA_LIMITS } from '../media/limits.ts';
import type { MediaResult } from '../media/process.ts';
import { ensureDataset, findDataset, saveTable } from '../repo.ts';
import { datasetCounts } from '../stats.ts';
import { openSource, type Candidate, type Columns } from './sources.ts';
import { ImportWriter } from './writer.ts';

export interface ImportRequest {
  source: string;
  dataset?: string | undefined;
  modality?: Modality | undefined;
  columns?: Partial<Columns> | undefined;
  root?: string | undefined;
  /** Tabular: column types overriding the proposed ones. */
  columnTypes?: Record<string, TabularColumnType> | undefined;
  task?: TabularTask | undefined;
}

export const DEFAULT_COLUMNS: Columns = { text: 'text', label: 'label', id: 'id', path: 'path' };
const DEFAULT_DATASET: Record<Modality, string> = { image: 'images', text: 'text', audio: 'audio', tabular: 'table' };
const BATCH = 256;

export async function runImport(project: Project, pool: () => MediaPool, job: JobHandle, req: ImportRequest): Promise<ImportSummary & { datasetId: number }> {
  const db = project.db;
  const columns = { ...DEFAULT_COLUMNS, ...req.columns };
  // A manifest imported into an existing table is read as one, whatever columns it has.
  const into = req.dataset === undefined ? undefined : findDataset(db, req.dataset);
  const modality = req.modality ?? (into?.modality === 'tabular' ? 'tabular' : undefined);
  const src = await openSource(req.source, { modality, columns, root: req.root, signal: job.signal, columnTypes: req.columnTypes, task: req.task });
  const dataset = ensureDataset(db, req.dataset ?? DEFAULT_DATASET[src.modality], src.modality);
  const table = src.table ? saveTable(db, dataset, src.table) : null;
  db.run(
    'INSERT INTO sources (dataset_id, root, name, kind, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (dataset_id, root) DO NOTHING',
    dataset.id, src.root, src.rootName, src.kind, new Date().toISOString(),
  );
  const sourceId = db.get<{ id: number }>('SELECT id FROM sources WHERE dataset_id = ? AND root = ?', dataset.id, src.root)!.id;
  const writer = new ImportWriter(db, dataset.id, sourceId);
  const errors: ItemError[] = [];
  const warnings = [...src.warnings, ...(table?.warnings ?? [])];
  let done = 0;
  const report = (): void => job.progress(done, src.total === null ? null : Math.max(src.total, done), errors.length);
  const fail = (item: string, reason: string): void => {
    errors.push({ item, reason });
    done++;
  };
  const checkLabel = (c: Candidate & { label: string | null }): boolean => {
    if (c.label === null) return true;
    const ok = ClassName.safeParse(c.label);
    if (!ok.success) {
      fail(c.item, `label "${c.label}": ${ok.error.issues[0]?.message ?? 'invalid'}`);
      return false;
    }
    writer.ensureLabel(c.label);
    return true;
  };
  const flushIfFull = (): void => {
    if (writer.pending >= BATCH) writer.flush();
  };

  const inflight = new Set<Promise<void>>();
  const onMedia = (c: Extract<Candidate, { kind: 'file' }>, r: MediaResult): void => {
    if (!r.ok) return fail(c.item, r.reason);
    writer.add({ key: c.key, relPath: c.rel, text: null, hash: r.hash, label: c.label, meta: c.meta, media: r.unchanged ? null : r });
    if (r.warning) warnings.push(`${c.item}: ${r.warning}`);
    done++;
    flushIfFull();
    report();
  };

  for await (const c of src.items) {
    if (job.signal.aborted) break;
    if (c.kind === 'error') fail(c.item, c.reason);
    else if (!checkLabel(c)) {
      // reported by checkLabel
    } else if (c.kind === 'text') {
      writer.add({ key: c.key, relPath: null, text: c.text, hash: c.hash, label: c.label, meta: c.meta, media: null });
      done++;
      flushIfFull();
    } else {
      const media = pool();
      const p: Promise<void> = media
        .run({
          path: c.abs, modality: src.modality === 'audio' ? 'audio' : 'image', thumbDir: `${project.cacheDir}/thumbs`,
          knownHash: writer.knownHash(c.key), maxPixels: MEDIA_LIMITS.maxPixels, maxBytes: MEDIA_LIMITS.maxBytes, thumbSize: MEDIA_LIMITS.thumbSize,
        })
        .then((r) => onMedia(c, r), (err: unknown) => fail(c.item, err instanceof Error ? err.message : String(err)))
        .finally(() => inflight.delete(p));
      inflight.add(p);
      if (inflight.size >= media.capacity * 2) await Promise.race(inflight);
    }
    report();
  }
  await Promise.all(inflight);
  writer.flush();
  assignNewSamples(db, dataset.id);
  job.progress(done, job.signal.aborted ? src.total : done, errors.length);
  if (src.table) warnings.push(...src.table.notes);
  return {
    ...(table ? { columns: table.columns, task: table.task } : {}),
    ...datasetCounts(db, dataset.id),
    datasetId: dataset.id,
    dataset: dataset.name,
    ...writer.counts,
    errors,
    warnings,
    cancelled: job.signal.aborted,
  };
}

/**
 * Writes imported samples in batched transactions. Re-importing a source is
 * idempotent: a key with the same content hash is skipped, a changed hash
 * updates the sample in place (its label and split stay), a new key inserts.
 * Each batch is one commit, so a crash loses at most the batch in flight and
 * re-running the import completes it without duplicates.
 */
import type { MetaValue } from '../../../../shared/contract/index.ts';
import { ensureClass } from '../../labeling/classes.ts';
import type { Db } from '../../project/db.ts';
import type { MediaInfo } from '../media/process.ts';

export interface WriteRecord {
  key: string;
  relPath: string | null;
  text: string | null;
  hash: string;
  label: string | null;
  meta: Record<string, MetaValue>;
  media: MediaInfo | null;
}

interface Known {
  hash: string | null;
  labeled: boolean;
}

export class ImportWriter {
  readonly counts = { imported: 0, updated: 0, skipped: 0 };
  private readonly db: Db;
  private readonly datasetId: number;
  private readonly sourceId: number;
  private readonly seq: number;
  private readonly known = new Map<string, Known>();
  private readonly classes = new Map<string, number>();
  private readonly metaKeys = new Set<string>();
  private batch: WriteRecord[] = [];

  constructor(db: Db, datasetId: number, sourceId: number) {
    this.db = db;
    this.datasetId = datasetId;
    this.sourceId = sourceId;
    this.seq = (db.get<{ s: number }>('SELECT coalesce(max(import_seq), 0) + 1 AS s FROM samples WHERE dataset_id = ?', datasetId)?.s) ?? 1;
    for (const r of db.stmt('SELECT key, content_hash, label_id FROM samples WHERE dataset_id = ?').iterate(datasetId) as Iterable<{ key: string; content_hash: string | null; label_id: number | null }>) {
      this.known.set(r.key, { hash: r.content_hash, labeled: r.label_id !== null });
    }
    for (const r of db.all<{ key: string }>('SELECT key FROM meta_columns WHERE dataset_id = ?', datasetId)) this.metaKeys.add(r.key);
  }

  /**
   * Creates the class of a label when first seen. Called in source order, so
   * class order, colours and shortcuts do not depend on which file decodes first.
   */
  ensureLabel(label: string): void {
    ensureClass(this.db, this.datasetId, label, this.classes);
  }

  /** The stored hash of a key, so unchanged files need not be decoded again. */
  knownHash(key: string): string | null {
    return this.known.get(key)?.hash ?? null;
  }

  add(rec: WriteRecord): void {
    this.batch.push(rec);
  }

  get pending(): number {
    return this.batch.length;
  }

  flush(): void {
    if (!this.batch.length) return;
    const batch = this.batch;
    this.batch = [];
    this.db.tx(() => {
      for (const rec of batch) this.write(rec);
    });
  }

  private write(rec: WriteRecord): void {
    const db = this.db;
    const prev = this.known.get(rec.key);
    const labelId = rec.label === null ? null : ensureClass(db, this.datasetId, rec.label, this.classes);
    const now = new Date().toISOString();
    if (prev && prev.hash === rec.hash) {
      // Same content: only fill a missing label and merge new metadata columns (a second manifest may add them).
      let changed = false;
      if (!prev.labeled && labelId !== null) {
        db.run('UPDATE samples SET label_id = ? WHERE dataset_id = ? AND key = ?', labelId, this.datasetId, rec.key);
        prev.labeled = true;
        changed = true;
      }
      if (Object.keys(rec.meta).length && this.mergeMeta(rec)) changed = true;
      if (changed) this.counts.updated++;
      else this.counts.skipped++;
      return;
    }
    const m = rec.media;
    const values = [
      this.sourceId, rec.relPath, rec.text, rec.hash, JSON.stringify(rec.meta), m?.width ?? null, m?.height ?? null, m?.format ?? null,
      m?.bytes ?? (rec.text === null ? null : Buffer.byteLength(rec.text)), m?.durationSec ?? null, m?.sampleRate ?? null, m?.channels ?? null, m?.thumb ?? null,
    ];
    let id: number;
    if (prev) {
      db.run(
        `UPDATE samples SET source_id = ?, rel_path = ?, text = ?, content_hash = ?, meta = ?, width = ?, height = ?, format = ?, bytes = ?,
           duration = ?, sample_rate = ?, channels = ?, thumb = ?, label_id = coalesce(label_id, ?) WHERE dataset_id = ? AND key = ?`,
        ...values, labelId, this.datasetId, rec.key,
      );
      id = db.get<{ id: number }>('SELECT id FROM samples WHERE dataset_id = ? AND key = ?', this.datasetId, rec.key)!.id;
      db.run('DELETE FROM sample_meta WHERE sample_id = ?', id);
      prev.hash = rec.hash;
      prev.labeled ||= labelId !== null;
      this.counts.updated++;
    } else {
      id = db.run(
        `INSERT INTO samples (source_id, rel_path, text, content_hash, meta, width, height, format, bytes, duration, sample_rate, channels, thumb,
           dataset_id, key, label_id, imported_at, import_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...values, this.datasetId, rec.key, labelId, now, this.seq,
      ).lastInsertRowid;
      this.known.set(rec.key, { hash: rec.hash, labeled: labelId !== null });
      this.counts.imported++;
    }
    this.writeMeta(id, rec.meta);
  }

  private mergeMeta(rec: WriteRecord): boolean {
    const row = this.db.get<{ id: number; meta: string }>('SELECT id, meta FROM samples WHERE dataset_id = ? AND key = ?', this.datasetId, rec.key)!;
    const old = JSON.parse(row.meta) as Record<string, MetaValue>;
    const merged = { ...old, ...rec.meta };
    if (JSON.stringify(merged) === row.meta) return false;
    this.db.run('UPDATE samples SET meta = ? WHERE id = ?', JSON.stringify(merged), row.id);
    this.db.run('DELETE FROM sample_meta WHERE sample_id = ?', row.id);
    this.writeMeta(row.id, merged);
    return true;
  }

  private writeMeta(id: number, meta: Record<string, MetaValue>): void {
    const db = this.db;
    const insertMeta = db.stmt('INSERT INTO sample_meta (sample_id, key, value) VALUES (?, ?, ?)');
    for (const [k, v] of Object.entries(meta)) {
      if (v === null || v === '') continue;
      insertMeta.run(id, k, String(v));
      if (!this.metaKeys.has(k)) {
        this.metaKeys.add(k);
        db.run('INSERT OR IGNORE INTO meta_columns (dataset_id, key) VALUES (?, ?)', this.datasetId, k);
      }
    }
  }
}

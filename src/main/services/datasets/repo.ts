/** Datasets of a project: a name, a modality, and the samples, classes and split that belong to it. */
import { TrainyardError, type DatasetInfo, type Modality } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';

export interface DatasetRow {
  id: number;
  name: string;
  modality: Modality;
}

const SELECT = `
  SELECT d.id, d.name, d.modality,
    (SELECT count(*) FROM samples s WHERE s.dataset_id = d.id) AS total,
    (SELECT count(*) FROM samples s WHERE s.dataset_id = d.id AND s.label_id IS NOT NULL) AS labeled
  FROM datasets d`;

export function listDatasets(db: Db): DatasetInfo[] {
  return db.all<DatasetInfo>(`${SELECT} ORDER BY d.id`);
}

export function datasetInfo(db: Db, id: number): DatasetInfo {
  const row = db.get<DatasetInfo>(`${SELECT} WHERE d.id = ?`, id);
  if (!row) throw new TrainyardError('not_found', `no dataset ${id}`);
  return row;
}

export function getDataset(db: Db, id: number): DatasetRow {
  const row = db.get<DatasetRow>('SELECT id, name, modality FROM datasets WHERE id = ?', id);
  if (!row) throw new TrainyardError('not_found', `no dataset ${id}`);
  return row;
}

export function findDataset(db: Db, name: string): DatasetRow | undefined {
  return db.get<DatasetRow>('SELECT id, name, modality FROM datasets WHERE name = ?', name);
}

export function datasetByName(db: Db, name: string): DatasetRow {
  const row = findDataset(db, name);
  if (!row) {
    const names = db.all<{ name: string }>('SELECT name FROM datasets ORDER BY id').map((r) => r.name);
    throw new TrainyardError('not_found', `no dataset "${name}"${names.length ? `; this project has: ${names.join(', ')}` : ''}`);
  }
  return row;
}

export function createDataset(db: Db, name: string, modality: Modality): DatasetRow {
  if (findDataset(db, name)) throw new TrainyardError('conflict', `a dataset named "${name}" already exists`);
  const { lastInsertRowid } = db.run('INSERT INTO datasets (name, modality, created_at) VALUES (?, ?, ?)', name, modality, new Date().toISOString());
  return { id: lastInsertRowid, name, modality };
}

/** The dataset of that name, created if missing; a modality clash is an error, not a silent mix. */
export function ensureDataset(db: Db, name: string, modality: Modality): DatasetRow {
  const row = findDataset(db, name);
  if (!row) return createDataset(db, name, modality);
  if (row.modality !== modality) {
    throw new TrainyardError('conflict', `dataset "${name}" holds ${row.modality} samples; import ${modality} into another dataset (--dataset NAME)`);
  }
  return row;
}

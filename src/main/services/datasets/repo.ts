/** Datasets of a project: a name, a modality, and the samples, classes and split that belong to it. */
import { TrainyardError, type DatasetColumn, type DatasetInfo, type Modality, type TabularTask } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';

export interface DatasetRow {
  id: number;
  name: string;
  modality: Modality;
}

const SELECT = `
  SELECT d.id, d.name, d.modality, d.task,
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

/**
 * A dataset imported for regression, with its target (the label column; null
 * only if the columns were lost); null when the dataset's task is not regression.
 */
export function regressionOf(db: Db, datasetId: number): { target: string | null } | null {
  const row = db.get<{ target: string | null }>(
    `SELECT c.name AS target FROM datasets d LEFT JOIN dataset_columns c ON c.dataset_id = d.id AND c.type = 'label'
     WHERE d.id = ? AND d.task = 'regression'`,
    datasetId,
  );
  return row ? { target: row.target } : null;
}

/** A tabular dataset's columns in file order with their types; empty for other modalities. */
export function datasetColumns(db: Db, datasetId: number): DatasetColumn[] {
  return db.all<DatasetColumn>('SELECT name, position, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position', datasetId);
}

/**
 * Records the columns and task of a tabular import: this file's columns in
 * its order, then any earlier ones it lacks (a role it now gives another
 * column becomes `ignore`). Returns a warning per changed type. A different
 * task on a dataset that already has samples is refused: their labels or
 * targets would no longer mean the same thing.
 */
export function saveTable(db: Db, dataset: DatasetRow, table: { columns: DatasetColumn[]; task: TabularTask | null }): { columns: DatasetColumn[]; task: TabularTask | null; warnings: string[] } {
  return db.tx(() => {
    const old = datasetColumns(db, dataset.id);
    const oldTask = db.get<{ task: TabularTask | null }>('SELECT task FROM datasets WHERE id = ?', dataset.id)?.task ?? null;
    const samples = db.get<{ n: number }>('SELECT count(*) AS n FROM samples WHERE dataset_id = ?', dataset.id)?.n ?? 0;
    if (samples > 0 && oldTask && table.task && oldTask !== table.task) {
      throw new TrainyardError('conflict', `dataset "${dataset.name}" is a ${oldTask} dataset; import this as ${oldTask} (--task ${oldTask}) or into another dataset (--dataset NAME)`);
    }
    const names = new Set(table.columns.map((c) => c.name));
    const roles = new Set<string>(table.columns.map((c) => c.type).filter((t) => t === 'label' || t === 'id'));
    const kept = old.filter((c) => !names.has(c.name)).map((c) => ({ ...c, type: roles.has(c.type) ? 'ignore' as const : c.type }));
    const columns = [...table.columns, ...kept].map((c, position) => ({ name: c.name, position, type: c.type }));
    const warnings: string[] = [];
    for (const c of columns) {
      const was = old.find((o) => o.name === c.name);
      if (was && was.type !== c.type) warnings.push(`column "${c.name}" was ${was.type}, now ${c.type}`);
    }
    db.run('DELETE FROM dataset_columns WHERE dataset_id = ?', dataset.id);
    for (const c of columns) db.run('INSERT INTO dataset_columns (dataset_id, name, position, type) VALUES (?, ?, ?, ?)', dataset.id, c.name, c.position, c.type);
    const task = table.task ?? oldTask;
    db.run('UPDATE datasets SET task = ? WHERE id = ?', task, dataset.id);
    return { columns, task, warnings };
  });
}

/**
 * Label changes. Each call is one transaction that updates the samples and
 * appends to the label history (who, when, old, new); it returns only after
 * the commit is on disk, so whatever the UI shows as saved is saved.
 */
import { TrainyardError, type LabelChange } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';

export interface Assignment {
  sampleId: number;
  classId: number | null;
}

function classNames(db: Db, datasetId: number): Map<number, string> {
  return new Map(db.all<{ id: number; name: string }>('SELECT id, name FROM classes WHERE dataset_id = ?', datasetId).map((r) => [r.id, r.name]));
}

/** Applies per-sample labels; unchanged samples are left alone and produce no history. */
export function assignLabels(db: Db, datasetId: number, items: Assignment[], actor = 'user'): LabelChange[] {
  return db.tx(() => {
    const names = classNames(db, datasetId);
    for (const it of items) {
      if (it.classId !== null && !names.has(it.classId)) throw new TrainyardError('invalid_input', `class ${it.classId} does not belong to dataset ${datasetId}`);
    }
    const at = new Date().toISOString();
    const changes: LabelChange[] = [];
    const current = db.stmt('SELECT label_id FROM samples WHERE id = ? AND dataset_id = ?');
    const update = db.stmt('UPDATE samples SET label_id = ? WHERE id = ?');
    const history = db.stmt('INSERT INTO label_history (sample_id, old_label, new_label, actor, at) VALUES (?, ?, ?, ?, ?)');
    for (const it of items) {
      const row = current.get(it.sampleId, datasetId) as { label_id: number | null } | undefined;
      if (!row) throw new TrainyardError('not_found', `no sample ${it.sampleId} in dataset ${datasetId}`);
      if (row.label_id === it.classId) continue;
      update.run(it.classId, it.sampleId);
      history.run(it.sampleId, row.label_id === null ? null : names.get(row.label_id) ?? null, it.classId === null ? null : names.get(it.classId)!, actor, at);
      changes.push({ sampleId: it.sampleId, oldLabelId: row.label_id, newLabelId: it.classId });
    }
    return changes;
  });
}

export function setLabels(db: Db, datasetId: number, sampleIds: number[], classId: number | null, actor = 'user'): LabelChange[] {
  return assignLabels(db, datasetId, sampleIds.map((sampleId) => ({ sampleId, classId })), actor);
}

/** Deletes a class; its samples become unlabeled, each change in the history. */
export function deleteClass(db: Db, classId: number, actor = 'user'): number {
  return db.tx(() => {
    const cls = db.get<{ dataset_id: number }>('SELECT dataset_id FROM classes WHERE id = ?', classId);
    if (!cls) throw new TrainyardError('not_found', `no class ${classId}`);
    const ids = db.all<{ id: number }>('SELECT id FROM samples WHERE dataset_id = ? AND label_id = ?', cls.dataset_id, classId).map((r) => r.id);
    const changes = ids.length ? setLabels(db, cls.dataset_id, ids, null, actor) : [];
    db.run('DELETE FROM classes WHERE id = ?', classId);
    return changes.length;
  });
}

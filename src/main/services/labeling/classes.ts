/** Classes of a dataset: name, colour, keyboard shortcut and order. */
import { TrainyardError, type ClassInfo } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';

/** Distinct colours that stay readable on light and dark tiles. */
const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#808000', '#000075', '#e6a800'];

const SELECT = `
  SELECT c.id, c.dataset_id AS datasetId, c.name, c.color, c.shortcut, c.position,
    (SELECT count(*) FROM samples s WHERE s.dataset_id = c.dataset_id AND s.label_id = c.id) AS count
  FROM classes c`;

export function listClasses(db: Db, datasetId: number): ClassInfo[] {
  return db.all<ClassInfo>(`${SELECT} WHERE c.dataset_id = ? ORDER BY c.position, c.id`, datasetId);
}

export function getClass(db: Db, id: number): ClassInfo {
  const row = db.get<ClassInfo>(`${SELECT} WHERE c.id = ?`, id);
  if (!row) throw new TrainyardError('not_found', `no class ${id}`);
  return row;
}

function freeShortcut(db: Db, datasetId: number): string | null {
  const used = new Set(db.all<{ shortcut: string }>('SELECT shortcut FROM classes WHERE dataset_id = ? AND shortcut IS NOT NULL', datasetId).map((r) => r.shortcut));
  for (let k = 1; k <= 9; k++) if (!used.has(String(k))) return String(k);
  return null;
}

function checkShortcut(db: Db, datasetId: number, shortcut: string | null | undefined, selfId: number | null): void {
  if (!shortcut) return;
  const clash = db.get<{ id: number; name: string }>('SELECT id, name FROM classes WHERE dataset_id = ? AND shortcut = ?', datasetId, shortcut);
  if (clash && clash.id !== selfId) throw new TrainyardError('conflict', `shortcut ${shortcut} is already used by class "${clash.name}"`);
}

export function createClass(db: Db, datasetId: number, name: string, opts: { color?: string; shortcut?: string | null } = {}): ClassInfo {
  return db.tx(() => {
    if (db.get('SELECT 1 FROM classes WHERE dataset_id = ? AND name = ?', datasetId, name)) {
      throw new TrainyardError('conflict', `class "${name}" already exists`);
    }
    checkShortcut(db, datasetId, opts.shortcut, null);
    const next = db.get<{ n: number; p: number }>('SELECT count(*) AS n, coalesce(max(position) + 1, 0) AS p FROM classes WHERE dataset_id = ?', datasetId) ?? { n: 0, p: 0 };
    const color = opts.color ?? PALETTE[next.n % PALETTE.length]!;
    const shortcut = opts.shortcut === undefined ? freeShortcut(db, datasetId) : opts.shortcut;
    const { lastInsertRowid } = db.run(
      'INSERT INTO classes (dataset_id, name, color, shortcut, position) VALUES (?, ?, ?, ?, ?)',
      datasetId, name, color.toLowerCase(), shortcut, next.p,
    );
    return getClass(db, lastInsertRowid);
  });
}

/** The id of the class with that name, created (with the next colour and free shortcut) if missing. */
export function ensureClass(db: Db, datasetId: number, name: string, known?: Map<string, number>): number {
  const cached = known?.get(name);
  if (cached !== undefined) return cached;
  const row = db.get<{ id: number }>('SELECT id FROM classes WHERE dataset_id = ? AND name = ?', datasetId, name);
  const id = row?.id ?? createClass(db, datasetId, name).id;
  known?.set(name, id);
  return id;
}

export function updateClass(db: Db, id: number, patch: { name?: string; color?: string; shortcut?: string | null; position?: number }): ClassInfo {
  return db.tx(() => {
    const cls = getClass(db, id);
    if (patch.name !== undefined && patch.name !== cls.name) {
      if (db.get('SELECT 1 FROM classes WHERE dataset_id = ? AND name = ?', cls.datasetId, patch.name)) {
        throw new TrainyardError('conflict', `class "${patch.name}" already exists`);
      }
      db.run('UPDATE classes SET name = ? WHERE id = ?', patch.name, id);
    }
    if (patch.color !== undefined) db.run('UPDATE classes SET color = ? WHERE id = ?', patch.color.toLowerCase(), id);
    if (patch.shortcut !== undefined) {
      checkShortcut(db, cls.datasetId, patch.shortcut, id);
      db.run('UPDATE classes SET shortcut = ? WHERE id = ?', patch.shortcut, id);
    }
    if (patch.position !== undefined) db.run('UPDATE classes SET position = ? WHERE id = ?', patch.position, id);
    return getClass(db, id);
  });
}

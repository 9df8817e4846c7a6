// Migration 4 rebuilds `datasets` (to allow 'tabular'): a v3 project with
// samples, classes, history, splits and runs must come through whole, with
// foreign keys (and their cascades) working afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from './db.ts';
import { migrate, migrations, SCHEMA_VERSION } from './migrations.ts';
import { DB_FILE, Project } from './project.ts';

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

/** A project folder whose database stops at schema 3, filled like a real v3 project. */
function v3Project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-mig-'));
  const db = new Db(path.join(dir, DB_FILE));
  for (const sql of migrations.slice(0, 3)) db.exec(sql);
  db.exec('PRAGMA user_version = 3');
  const now = '2026-01-01T00:00:00.000Z';
  db.run("INSERT INTO project (id, name, created_at) VALUES (1, 'old', ?)", now);
  db.run("INSERT INTO datasets (id, name, modality, created_at) VALUES (3, 'shapes', 'image', ?), (7, 'posts', 'text', ?)", now, now);
  db.run("INSERT INTO sources (id, dataset_id, root, name, kind, created_at) VALUES (1, 3, '/data/shapes', 'shapes', 'folder', ?)", now);
  db.run("INSERT INTO classes (id, dataset_id, name, color, position) VALUES (1, 3, 'circle', '#ff0000', 0), (2, 7, 'sports', '#00ff00', 0)");
  db.run(
    `INSERT INTO samples (id, dataset_id, key, source_id, rel_path, text, content_hash, label_id, split, meta, imported_at, import_seq) VALUES
     (10, 3, 'shapes/circle/0.png', 1, 'circle/0.png', NULL, 'h0', 1, 0, '{}', ?, 1),
     (11, 7, 'a', NULL, NULL, 'football tonight', 'h1', 2, 1, '{"site":"x"}', ?, 1),
     (12, 7, 'b', NULL, NULL, 'rain again', 'h2', NULL, NULL, '{"site":"y"}', ?, 1)`,
    now, now, now,
  );
  db.run("INSERT INTO sample_meta (sample_id, key, value) VALUES (11, 'site', 'x'), (12, 'site', 'y')");
  db.run("INSERT INTO meta_columns (dataset_id, key) VALUES (7, 'site')");
  db.run("INSERT INTO label_history (sample_id, old_label, new_label, actor, at) VALUES (11, NULL, 'sports', 'me', ?)", now);
  db.run("INSERT INTO split_configs (dataset_id, config, created_at) VALUES (3, '{}', ?)", now);
  db.run("INSERT INTO split_groups (dataset_id, group_key, split) VALUES (3, 'g', 0)");
  db.run("INSERT INTO runs (id, dataset_id, status, config, model, created_at, updated_at) VALUES ('run-1', 3, 'completed', '{}', 'cnn', ?, ?)", now, now);
  db.run("INSERT INTO run_epochs (run_id, epoch, step, metrics, created_at) VALUES ('run-1', 1, 10, '{}', ?)", now);
  db.run("INSERT INTO checkpoints (run_id, epoch, dir, created_at) VALUES ('run-1', 1, 'ckpt', ?)", now);
  db.close();
  return dir;
}

const TABLES = ['datasets', 'sources', 'classes', 'samples', 'sample_meta', 'meta_columns', 'label_history', 'split_configs', 'split_groups', 'runs', 'run_epochs', 'checkpoints'];

function counts(db: Db): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)!.n]));
}

describe('migration 4 (tabular datasets)', () => {
  it('keeps every row of a v3 project, ids included', () => {
    const dir = v3Project();
    const before = new Db(path.join(dir, DB_FILE));
    const expected = counts(before);
    before.close();
    const project = Project.open(dir);
    open.push(project);
    const db = project.db;
    expect(project.info().schemaVersion).toBe(SCHEMA_VERSION);
    expect(counts(db)).toEqual(expected);
    expect(db.all('SELECT id, name, modality, task FROM datasets ORDER BY id')).toEqual([
      { id: 3, name: 'shapes', modality: 'image', task: null },
      { id: 7, name: 'posts', modality: 'text', task: null },
    ]);
    expect(db.get('SELECT label_id AS l, split FROM samples WHERE id = 11')).toEqual({ l: 2, split: 1 });
    // Full-text search still indexes the old rows.
    expect(db.all("SELECT rowid AS id FROM samples_fts WHERE samples_fts MATCH 'football'")).toEqual([{ id: 11 }]);
  });

  it('allows tabular datasets, a task and column types afterwards', () => {
    const project = Project.open(v3Project());
    open.push(project);
    const db = project.db;
    db.run("INSERT INTO datasets (name, modality, task, created_at) VALUES ('houses', 'tabular', 'regression', 'now')");
    const id = db.get<{ id: number }>("SELECT id FROM datasets WHERE name = 'houses'")!.id;
    db.run("INSERT INTO dataset_columns (dataset_id, name, position, type) VALUES (?, 'price', 0, 'label')", id);
    expect(() => db.run("INSERT INTO datasets (name, modality, task, created_at) VALUES ('x', 'tabular', 'ranking', 'now')")).toThrow(/CHECK/);
    expect(() => db.run("INSERT INTO dataset_columns (dataset_id, name, position, type) VALUES (?, 'zip', 1, 'float')", id)).toThrow(/CHECK/);
  });

  it('turns foreign keys back on, with their cascades', () => {
    const project = Project.open(v3Project());
    open.push(project);
    const db = project.db;
    expect(db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')!.foreign_keys).toBe(1);
    expect(() => db.run("INSERT INTO classes (dataset_id, name, color, position) VALUES (99, 'x', '#000000', 0)")).toThrow(/FOREIGN KEY/);
    db.run("INSERT INTO dataset_columns (dataset_id, name, position, type) VALUES (3, 'c', 0, 'numeric')");
    db.run('DELETE FROM datasets WHERE id = 3');
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM samples WHERE dataset_id = 3')!.n).toBe(0);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM runs')!.n).toBe(0);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM checkpoints')!.n).toBe(0);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM dataset_columns')!.n).toBe(0);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM samples WHERE dataset_id = 7')!.n).toBe(2);
  });

  it('is a no-op on an up-to-date project, and a fresh one gets the same schema', () => {
    const project = Project.open(v3Project());
    open.push(project);
    expect(migrate(project.db)).toBe(SCHEMA_VERSION);
    const fresh = new Db(':memory:');
    open.push(fresh);
    migrate(fresh);
    const schema = (db: Db): unknown => db.all("SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
    expect(schema(project.db)).toEqual(schema(fresh));
  });
});

/**
 * Schema migrations, versioned in code. Each runs once, in order, inside a
 * transaction, and bumps `PRAGMA user_version`. Never edit a shipped one:
 * add the next.
 */
import type { Db } from './db.ts';

export const migrations: readonly string[] = [
  // 1: projects, datasets, samples, classes, label history, splits, jobs
  `
  CREATE TABLE project (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    modality TEXT NOT NULL CHECK (modality IN ('image', 'text', 'audio')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    root TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (dataset_id, root)
  );
  CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    shortcut TEXT,
    position INTEGER NOT NULL,
    UNIQUE (dataset_id, name)
  );
  CREATE TABLE samples (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    source_id INTEGER REFERENCES sources(id),
    rel_path TEXT,
    text TEXT,
    content_hash TEXT,
    label_id INTEGER REFERENCES classes(id),
    split INTEGER CHECK (split IN (0, 1, 2)),
    meta TEXT NOT NULL DEFAULT '{}',
    width INTEGER,
    height INTEGER,
    format TEXT,
    bytes INTEGER,
    duration REAL,
    sample_rate INTEGER,
    channels INTEGER,
    thumb TEXT,
    imported_at TEXT NOT NULL,
    import_seq INTEGER NOT NULL,
    UNIQUE (dataset_id, key)
  );
  CREATE INDEX samples_label_split_key ON samples (dataset_id, label_id, split, key);
  CREATE INDEX samples_label_key ON samples (dataset_id, label_id, key);
  CREATE INDEX samples_split_key ON samples (dataset_id, split, key);
  CREATE TABLE sample_meta (
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (sample_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX sample_meta_kv ON sample_meta (key, value, sample_id);
  CREATE TABLE meta_columns (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (dataset_id, key)
  ) WITHOUT ROWID;
  CREATE VIRTUAL TABLE samples_fts USING fts5 (
    key, text, content = 'samples', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER samples_fts_ai AFTER INSERT ON samples BEGIN
    INSERT INTO samples_fts (rowid, key, text) VALUES (new.id, new.key, new.text);
  END;
  CREATE TRIGGER samples_fts_ad AFTER DELETE ON samples BEGIN
    INSERT INTO samples_fts (samples_fts, rowid, key, text) VALUES ('delete', old.id, old.key, old.text);
  END;
  CREATE TRIGGER samples_fts_au AFTER UPDATE OF key, text ON samples BEGIN
    INSERT INTO samples_fts (samples_fts, rowid, key, text) VALUES ('delete', old.id, old.key, old.text);
    INSERT INTO samples_fts (rowid, key, text) VALUES (new.id, new.key, new.text);
  END;
  CREATE TABLE label_history (
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    old_label TEXT,
    new_label TEXT,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX label_history_sample ON label_history (sample_id);
  CREATE TABLE split_configs (
    dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    config TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE split_groups (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    group_key TEXT NOT NULL,
    split INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, group_key)
  ) WITHOUT ROWID;
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    owner_pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    result TEXT
  );
  `,
  // 2: augmentation recipes, versioned
  `
  CREATE TABLE recipes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    modality TEXT NOT NULL,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (name, modality)
  );
  CREATE TABLE recipe_versions (
    recipe_id INTEGER NOT NULL REFERENCES recipes(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (recipe_id, version)
  ) WITHOUT ROWID;
  `,
  // 3: training runs, their per-epoch metrics and checkpoints
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'train' CHECK (kind IN ('train', 'overfit', 'trial')),
    parent_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
    config TEXT NOT NULL,
    model TEXT NOT NULL,
    backend TEXT,
    versions TEXT,
    data_fingerprint TEXT,
    pid INTEGER,
    epoch INTEGER NOT NULL DEFAULT 0,
    best TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX runs_by_parent ON runs(parent_id);
  CREATE TABLE run_epochs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    step INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, epoch)
  ) WITHOUT ROWID;
  CREATE TABLE checkpoints (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    dir TEXT NOT NULL,
    metric REAL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, epoch)
  ) WITHOUT ROWID;
  `,
  // 4: tabular datasets (a CHECK cannot be altered, so datasets is rebuilt with
  // foreign keys off: see migrate), the task of a dataset and its column types
  `
  CREATE TABLE datasets_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    modality TEXT NOT NULL CHECK (modality IN ('image', 'text', 'audio', 'tabular')),
    created_at TEXT NOT NULL,
    task TEXT CHECK (task IN ('classification', 'regression'))
  );
  INSERT INTO datasets_new (id, name, modality, created_at) SELECT id, name, modality, created_at FROM datasets;
  DROP TABLE datasets;
  ALTER TABLE datasets_new RENAME TO datasets;
  CREATE TABLE dataset_columns (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('numeric','categorical','date','text','id','label','ignore')),
    PRIMARY KEY (dataset_id, name)
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = migrations.length;

/**
 * Brings the schema up to date. Foreign keys are off meanwhile (the pragma is
 * a no-op inside a transaction, so it is set around them): rebuilding a table
 * that others reference, as SQLite's "12-step" ALTER TABLE procedure does,
 * would otherwise cascade-delete their rows on DROP TABLE. Each migration
 * checks the keys before it commits.
 */
export function migrate(db: Db): number {
  const version = (): number => Number((db.get<{ user_version: number }>('PRAGMA user_version') ?? { user_version: 0 }).user_version);
  const current = version();
  if (current > SCHEMA_VERSION) {
    throw new Error(`this project was written by a newer Trainyard (schema ${current}, this build knows ${SCHEMA_VERSION})`);
  }
  if (current === SCHEMA_VERSION) return SCHEMA_VERSION;
  db.exec('PRAGMA foreign_keys = OFF');
  try {
    for (let v = current; v < SCHEMA_VERSION; v++) {
      db.tx(() => {
        // Another process may have migrated while this one waited for the write lock.
        if (version() > v) return;
        // Only what the migration breaks counts: a dangling row it found (from a crash long ago) must not block every later version.
        const before = db.all('PRAGMA foreign_key_check').length;
        db.exec(migrations[v]!);
        const broken = db.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
        if (broken.length > before) throw new Error(`migration ${v + 1} broke ${broken.length - before} foreign key(s), e.g. ${broken.at(-1)!.table} → ${broken.at(-1)!.parent}`);
        db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  } finally {
    db.exec('PRAGMA foreign_keys = ON');
  }
  return SCHEMA_VERSION;
}

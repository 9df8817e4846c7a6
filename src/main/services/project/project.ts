/**
 * A project is a folder: `trainyard.db` (SQLite) and `cache/` (thumbnails,
 * waveforms). Media stay where they are; samples point at them by a path
 * relative to their source root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrainyardError, type ProjectInfo } from '../../../shared/contract/index.ts';
import { Db } from './db.ts';
import { migrate } from './migrations.ts';

export const DB_FILE = 'trainyard.db';

/** Whether a process with this id exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process killed mid-job leaves its row 'running'; it is not running any more. */
function markDeadJobs(db: Db): void {
  const running = db.all<{ id: string; owner_pid: number }>(`SELECT id, owner_pid FROM jobs WHERE status = 'running'`);
  for (const job of running) {
    if (job.owner_pid !== process.pid && !isAlive(job.owner_pid)) {
      db.run(`UPDATE jobs SET status = 'failed', result = '{"error":"interrupted: the process running it stopped"}' WHERE id = ?`, job.id);
    }
  }
}

export class Project {
  readonly dir: string;
  readonly db: Db;
  readonly cacheDir: string;

  private constructor(dir: string, db: Db) {
    this.dir = dir;
    this.db = db;
    this.cacheDir = path.join(dir, 'cache');
  }

  static isProject(dir: string): boolean {
    return fs.existsSync(path.join(dir, DB_FILE));
  }

  static create(dir: string, name?: string): Project {
    const abs = path.resolve(dir);
    if (Project.isProject(abs)) throw new TrainyardError('conflict', `${abs} is already a Trainyard project`);
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new TrainyardError('invalid_input', `${abs} exists and is not a folder`);
    fs.mkdirSync(path.join(abs, 'cache'), { recursive: true });
    const db = new Db(path.join(abs, DB_FILE));
    try {
      migrate(db);
      db.run('INSERT INTO project (id, name, created_at) VALUES (1, ?, ?)', name ?? path.basename(abs), new Date().toISOString());
    } catch (err) {
      db.close();
      throw err;
    }
    return new Project(abs, db);
  }

  static open(dir: string): Project {
    const abs = path.resolve(dir);
    if (!Project.isProject(abs)) throw new TrainyardError('not_found', `${abs} is not a Trainyard project (no ${DB_FILE}); create one with "trainyard new"`);
    fs.mkdirSync(path.join(abs, 'cache'), { recursive: true });
    const db = new Db(path.join(abs, DB_FILE));
    try {
      migrate(db);
      markDeadJobs(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Project(abs, db);
  }

  info(): ProjectInfo {
    const row = this.db.get<{ name: string; created_at: string }>('SELECT name, created_at FROM project WHERE id = 1');
    const version = this.db.get<{ user_version: number }>('PRAGMA user_version');
    return {
      dir: this.dir,
      name: row?.name ?? path.basename(this.dir),
      createdAt: row?.created_at ?? '',
      schemaVersion: Number(version?.user_version ?? 0),
    };
  }

  thumbPath(file: string): string {
    return path.join(this.cacheDir, 'thumbs', file.slice(0, 2), file);
  }

  close(): void {
    this.db.close();
  }
}

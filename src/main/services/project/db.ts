/**
 * SQLite access (node:sqlite): pragmas for durability, a statement cache and
 * a transaction helper. WAL with synchronous=FULL means a commit has reached
 * the disk before it returns, so an acknowledged label survives `kill -9`
 * and power loss alike.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

export type Row = Record<string, unknown>;
export type Param = SQLInputValue;

export class Db {
  readonly raw: DatabaseSync;
  private readonly cache = new Map<string, StatementSync>();
  private depth = 0;

  constructor(file: string, opts: { readOnly?: boolean } = {}) {
    this.raw = new DatabaseSync(file, { readOnly: opts.readOnly ?? false, enableForeignKeyConstraints: true });
    this.raw.exec('PRAGMA busy_timeout = 10000');
    if (!opts.readOnly) {
      this.raw.exec('PRAGMA journal_mode = WAL');
      this.raw.exec('PRAGMA synchronous = FULL');
    }
    this.raw.exec('PRAGMA temp_store = MEMORY');
    this.raw.exec('PRAGMA cache_size = -65536');
  }

  stmt(sql: string): StatementSync {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  all<T = Row>(sql: string, ...params: Param[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  get<T = Row>(sql: string, ...params: Param[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  run(sql: string, ...params: Param[]): { changes: number; lastInsertRowid: number } {
    const r = this.stmt(sql).run(...params);
    return { changes: Number(r.changes), lastInsertRowid: Number(r.lastInsertRowid) };
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  /**
   * Runs fn in a transaction (BEGIN IMMEDIATE takes the write lock up front so
   * two processes never deadlock upgrading). Nested calls join the outer one.
   */
  tx<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.raw.exec('BEGIN IMMEDIATE');
    this.depth++;
    try {
      const out = fn();
      this.raw.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.raw.isTransaction) this.raw.exec('ROLLBACK');
      throw err;
    } finally {
      this.depth--;
    }
  }

  close(): void {
    this.cache.clear();
    if (this.raw.isOpen) this.raw.close();
  }
}

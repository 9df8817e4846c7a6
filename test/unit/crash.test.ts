// kill -9 at awkward moments: right after a label is acknowledged over HTTP,
// and in the middle of an import. The project must open, keep every
// acknowledged change, and a re-run of the import must complete it without
// duplicates.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../src/main/services/project/project.ts';
import { DIGITS, tempDir } from '../helpers/project.ts';
import { cliProcesses, runCliJson } from '../helpers/cli.ts';

const cli = cliProcesses();

function startUi(dir: string, renderer: string): Promise<{ child: ChildProcess; url: string }> {
  const child = cli.start(['ui', dir, '--port', '0', '--json'], { env: { ...process.env, TRAINYARD_RENDERER: renderer } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`ui exited ${code}: ${out}`)));
  });
}

describe('crash safety', () => {
  it('keeps a label acknowledged just before kill -9', async () => {
    const dir = path.join(tempDir(), 'p');
    await runCliJson(['new', dir]);
    await runCliJson(['import', dir, path.join(DIGITS, '8')]);
    const renderer = tempDir();
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
    const { child, url } = await startUi(dir, renderer);
    const u = new URL(url);
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${u.searchParams.get('token')}` };
    const post = async (method: string, input: unknown): Promise<{ ok: boolean; value: never }> =>
      (await fetch(`${u.origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) })).json() as Promise<{ ok: boolean; value: never }>;
    const cls = (await post('classes.create', { datasetId: 1, name: 'eight-ish' })).value as { id: number };
    const page = (await post('samples.list', { datasetId: 1, limit: 3 })).value as { items: Array<{ id: number }> };
    const ack = await post('labels.set', { datasetId: 1, sampleIds: page.items.map((r) => r.id), classId: cls.id });
    expect(ack.ok).toBe(true);
    await cli.kill9(child); // no shutdown, no checkpoint: only what reached the WAL survives
    const project = Project.open(dir);
    try {
      const rows = project.db.all<{ label_id: number }>(`SELECT label_id FROM samples WHERE id IN (${page.items.map((r) => r.id).join(',')})`);
      expect(rows.map((r) => r.label_id)).toEqual([cls.id, cls.id, cls.id]);
      expect(project.db.get<{ n: number }>('SELECT count(*) AS n FROM label_history WHERE new_label = ?', 'eight-ish')!.n).toBe(3);
      expect(project.db.get<{ integrity_check: string }>('PRAGMA integrity_check')!.integrity_check).toBe('ok');
    } finally {
      project.close();
    }
  });

  it('survives kill -9 in the middle of an import, and a re-run completes it without duplicates', async () => {
    const dir = path.join(tempDir(), 'p');
    await runCliJson(['new', dir]);
    const child = cli.start(['import', dir, DIGITS]);
    // Wait until some batches are committed, then pull the plug.
    const db = path.join(dir, 'trainyard.db');
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const p = Project.open(dir);
      const n = p.db.get<{ n: number }>('SELECT count(*) AS n FROM samples')!.n;
      p.close();
      if (n >= 256) break;
    }
    await cli.kill9(child);
    expect(fs.existsSync(db)).toBe(true);
    const mid = Project.open(dir);
    const partial = mid.db.get<{ n: number }>('SELECT count(*) AS n FROM samples')!.n;
    const job = mid.db.get<{ status: string }>("SELECT status FROM jobs WHERE kind = 'import'")!;
    mid.close();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1797);
    expect(job.status).toBe('failed'); // marked interrupted on open: its process is gone
    const rerun = await runCliJson(['import', dir, DIGITS]);
    expect(rerun).toMatchObject({ total: 1797, imported: 1797 - partial, skipped: partial, errors: [] });
    const after = Project.open(dir);
    expect(after.db.get<{ n: number }>('SELECT count(DISTINCT key) AS n FROM samples')!.n).toBe(1797);
    after.close();
  });
});

// The real `trainyard` binary end to end: --help, new, import, split, stats
// and export with --json, exit codes, and the exported files themselves.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { digitsSubset, tempDir, writeCsv } from '../helpers/project.ts';
import { runCli, runCliJson } from '../helpers/cli.ts';

describe('trainyard CLI', () => {
  it('prints help and refuses unknown commands and flags', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['new', 'import', 'split', 'stats', 'export', 'ui']) expect(help.stdout).toContain(`  ${cmd}`);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const badFlag = await runCli(['split', '/tmp', '--sed', '1']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--sed'/);
    const notProject = await runCli(['stats', tempDir(), '--json']);
    expect(notProject.code).toBe(1);
    expect(JSON.parse(notProject.stdout)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('imports, splits, reports and exports a labeled dataset', async () => {
    const dir = path.join(tempDir(), 'proj');
    await runCliJson(['new', dir]);
    const src = digitsSubset(['0', '1', '2'], 20);
    const imported = await runCliJson(['import', dir, src]);
    expect(imported).toMatchObject({ total: 60, imported: 60, skipped: 0, errors: [], labels: { '0': 20, '1': 20, '2': 20 } });
    const split = await runCliJson<{ splits: Record<string, Record<string, number>> }>(['split', dir, '--seed', '5', '--ratios', '0.6,0.2,0.2', '--stratify']);
    expect(split.splits).toEqual({ train: { '0': 12, '1': 12, '2': 12 }, validation: { '0': 4, '1': 4, '2': 4 }, test: { '0': 4, '1': 4, '2': 4 } });
    const again = await runCli(['split', dir, '--seed', '6', '--stratify']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already split.*--force/);
    const stats = await runCliJson(['stats', dir]);
    expect(stats).toMatchObject({ total: 60, splits: split.splits });

    const csv = path.join(tempDir(), 'manifest.csv');
    const exported = await runCliJson(['export', dir, '--out', csv, '--format', 'csv']);
    expect(exported).toMatchObject({ rows: 60, manifest: csv });
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('dataset,key,path,text,label,split');
    expect(lines).toHaveLength(61);
    const first = lines[1]!.split(',');
    expect(fs.existsSync(first[2]!)).toBe(true);

    const folder = path.join(tempDir(), 'imagefolder');
    const ifold = await runCliJson<{ files: number }>(['export', dir, '--out', folder, '--format', 'imagefolder']);
    expect(ifold.files).toBe(60);
    expect(fs.readdirSync(path.join(folder, 'train')).sort()).toEqual(['0', '1', '2']);
    expect(fs.readdirSync(path.join(folder, 'test', '1'))).toHaveLength(4);
    expect(fs.readFileSync(path.join(folder, 'manifest.csv'), 'utf8')).toMatch(/^dataset,key,path,text,label,split\nimages,digits\/0\//);
    expect(fs.readdirSync(path.dirname(folder)).filter((f) => f.includes('partial'))).toEqual([]);
    const clash = await runCli(['export', dir, '--out', folder, '--format', 'imagefolder']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/exists/);
  });

  it('exports text as JSONL with metadata columns, grouped split by a column', async () => {
    const dir = path.join(tempDir(), 'proj');
    await runCliJson(['new', dir]);
    const rows = Array.from({ length: 40 }, (_, i) => [`r${i}`, `text ${i}`, i % 2 ? 'odd' : 'even', `user${i % 8}`]);
    const file = writeCsv(path.join(tempDir(), 'posts.csv'), ['id', 'text', 'label', 'user'], rows);
    await runCliJson(['import', dir, file]);
    const split = await runCliJson<{ reports: { text: { groups: number } } }>(['split', dir, '--group-column', 'user', '--ratios', '0.5,0.25,0.25']);
    expect(split.reports.text.groups).toBe(8);
    const out = path.join(tempDir(), 'x.jsonl');
    await runCliJson(['export', dir, '--out', out, '--format', 'jsonl']);
    const recs = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(recs).toHaveLength(40);
    expect(Object.keys(recs[0]!)).toEqual(['dataset', 'key', 'path', 'text', 'label', 'split', 'user']);
    const splitOfUser = new Map<string, Set<string>>();
    for (const r of recs) splitOfUser.set(r.user!, (splitOfUser.get(r.user!) ?? new Set()).add(r.split!));
    expect([...splitOfUser.values()].every((s) => s.size === 1)).toBe(true);
  });
});

/** Test helpers: a temp folder, an in-process context with a project, and a copy of a real dataset. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Client, ImportSummary, Input } from '../../src/shared/contract/index.ts';
import { AppContext } from '../../src/main/core/context.ts';
import { inProcessClient } from '../../src/main/core/in-process.ts';

export const DIGITS = '/work/shared/datasets/digits';
export const REPO = path.resolve(import.meta.dirname, '../..');

export function tempDir(prefix = 'ty-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestProject {
  dir: string;
  ctx: AppContext;
  api: Client;
  close(): Promise<void>;
}

export async function newProject(opts: { workers?: number } = {}): Promise<TestProject> {
  const dir = path.join(tempDir(), 'project');
  const ctx = new AppContext({ workers: opts.workers ?? 2 });
  const api = inProcessClient(ctx);
  await api.call('project.create', { dir });
  return { dir, ctx, api, close: () => ctx.close() };
}

/** A factory of fresh projects for one test file; each is closed after its test. */
export function projectPerTest(): () => Promise<TestProject> {
  const open: TestProject[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });
  return async () => {
    const p = await newProject();
    open.push(p);
    return p;
  };
}

export async function importAndWait(api: Client, input: Input<'import.start'>): Promise<ImportSummary & { datasetId: number }> {
  const { jobId } = await api.call('import.start', input);
  const job = await api.call('jobs.wait', { jobId });
  if (job.status !== 'completed') throw new Error(`import ${job.status}: ${job.error}`);
  return job.result as ImportSummary & { datasetId: number };
}

/** Copies the first `perClass` files of some class folders of an ImageFolder into a new one under a temp dir. */
export function folderSubset(root: string, classes: string[], perClass: number, dest = path.join(tempDir(), path.basename(root))): string {
  for (const c of classes) {
    const files = fs.readdirSync(path.join(root, c)).sort().slice(0, perClass);
    fs.mkdirSync(path.join(dest, c), { recursive: true });
    for (const f of files) fs.copyFileSync(path.join(root, c, f), path.join(dest, c, f));
  }
  return dest;
}

/** The first `perClass` images of some digit classes. */
export function digitsSubset(classes: string[], perClass: number, dest = path.join(tempDir(), 'digits')): string {
  return folderSubset(DIGITS, classes, perClass, dest);
}

/** The bundled sample shapes (circle, square, star, triangle: 64×64 PNGs). */
export const SHAPES = path.join(REPO, 'resources', 'sample-data', 'images');

/** The first `perClass` sample shapes of some classes. */
export function shapesSubset(classes: string[], perClass: number): string {
  return folderSubset(SHAPES, classes, perClass, path.join(tempDir(), 'shapes'));
}

export function writeCsv(file: string, header: string[], rows: Array<Array<string | number>>): string {
  const esc = (v: string | number): string => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [header.join(','), ...rows.map((r) => r.map(esc).join(','))].join('\n') + '\n');
  return file;
}

/**
 * Walks a source folder: regular files by relative POSIX path, sorted, with
 * symlinks followed only while they stay inside the folder and never into a
 * loop. Problems are per-item errors; the walk goes on.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { TrainyardError } from '../../../../shared/contract/index.ts';

export interface WalkResult {
  files: string[];
  errors: Array<{ item: string; reason: string }>;
}

const MAX_DEPTH = 64;

export async function walkFolder(realRoot: string, signal?: AbortSignal): Promise<WalkResult> {
  const files: string[] = [];
  const errors: WalkResult['errors'] = [];
  const visited = new Set<string>([realRoot]);
  const inside = (real: string): boolean => real === realRoot || real.startsWith(realRoot + path.sep);

  async function visit(dir: string, realDir: string, rel: string, depth: number): Promise<void> {
    if (signal?.aborted) throw new TrainyardError('cancelled', 'import cancelled');
    if (depth > MAX_DEPTH) {
      errors.push({ item: rel, reason: `folders nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      errors.push({ item: rel || '.', reason: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let real = path.join(realDir, e.name);
      if (e.isSymbolicLink()) {
        try {
          real = await fs.realpath(abs);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          errors.push({ item: childRel, reason: code === 'ELOOP' ? 'symlink loop' : `broken symlink (${code ?? 'unreadable'})` });
          continue;
        }
        if (!inside(real)) {
          errors.push({ item: childRel, reason: 'symlink points outside the source folder' });
          continue;
        }
        const st = await fs.stat(real);
        isDir = st.isDirectory();
        isFile = st.isFile();
        if (isDir && visited.has(real)) {
          const target = path.relative(realRoot, real) || '.';
          const ancestor = realDir === real || realDir.startsWith(real + path.sep);
          errors.push({ item: childRel, reason: ancestor ? `symlink loop: points back to ${target}` : `symlink to ${target}, which is imported already` });
          continue;
        }
      }
      if (isDir) {
        if (visited.has(real)) continue; // reached already through a symlink
        visited.add(real);
        await visit(abs, real, childRel, depth + 1);
      }
      else if (isFile) files.push(childRel);
    }
  }
  await visit(realRoot, realRoot, '', 0);
  return { files, errors };
}

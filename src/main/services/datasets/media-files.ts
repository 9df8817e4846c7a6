/**
 * Which file answers a media request. Requests name a sample id and a kind,
 * never a path, and the resolved file must sit inside its source root (or the
 * thumbnail cache), so no request can read anything else on the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrainyardError } from '../../../shared/contract/index.ts';
import type { Project } from '../project/project.ts';

export type MediaKind = 'thumb' | 'file';

/** Preview cache entries are named by the hash of their content. */
const PREVIEW_NAME = /^[0-9a-f]{40}\.(png|jpg|webp|wav|svg)$/;

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif',
  '.tif': 'image/tiff', '.tiff': 'image/tiff', '.avif': 'image/avif', '.svg': 'image/svg+xml', '.wav': 'audio/wav', '.wave': 'audio/wav',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function within(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function resolvePreview(project: Project, name: string): { file: string; type: string } {
  if (!PREVIEW_NAME.test(name)) throw new TrainyardError('not_found', 'no such preview');
  const file = path.join(project.cacheDir, 'previews', name);
  if (!fs.existsSync(file)) throw new TrainyardError('not_found', 'preview expired: run the preview again');
  return { file, type: contentType(file) };
}

export function resolveMedia(project: Project, kind: MediaKind, id: number): { file: string; type: string } {
  const row = project.db.get<{ thumb: string | null; rel_path: string | null; root: string | null }>(
    'SELECT s.thumb, s.rel_path, src.root FROM samples s LEFT JOIN sources src ON src.id = s.source_id WHERE s.id = ?', id,
  );
  if (!row) throw new TrainyardError('not_found', `no sample ${id}`);
  if (kind === 'thumb') {
    if (!row.thumb || !/^[0-9a-f]{40}\.(webp|svg)$/.test(row.thumb)) throw new TrainyardError('not_found', `sample ${id} has no thumbnail`);
    const file = project.thumbPath(row.thumb);
    return { file, type: contentType(file) };
  }
  if (!row.rel_path || !row.root) throw new TrainyardError('not_found', `sample ${id} has no media file`);
  const candidate = path.resolve(row.root, row.rel_path);
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    throw new TrainyardError('not_found', `the media file of sample ${id} is missing: ${candidate}`);
  }
  if (!within(fs.realpathSync(row.root), real)) throw new TrainyardError('forbidden', `sample ${id} points outside its source folder`);
  return { file: real, type: contentType(real) };
}

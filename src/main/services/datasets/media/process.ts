/**
 * One media task, run inside a worker thread: read the file once, hash it,
 * and when the content is new, probe it and write its thumbnail into the
 * content-addressed cache. Bad files are results ({ok: false, reason}), not
 * exceptions, so one corrupt file never fails a batch.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ImageError, makeThumbnail, probeImage } from './image.ts';
import { AUDIO_UNSUPPORTED } from './limits.ts';
import { AudioDecodeError, decodeWav, parseWavHeader } from './wav.ts';
import { waveformPeaks, waveformSvg } from './waveform.ts';

export interface MediaTask {
  path: string;
  modality: 'image' | 'audio';
  thumbDir: string;
  /** Hash already stored for this sample; when it matches, nothing is decoded. */
  knownHash: string | null;
  maxPixels: number;
  maxBytes: number;
  thumbSize: number;
}

export interface MediaInfo {
  ok: true;
  unchanged: boolean;
  hash: string;
  bytes: number;
  format: string | null;
  width: number | null;
  height: number | null;
  durationSec: number | null;
  sampleRate: number | null;
  channels: number | null;
  thumb: string | null;
  warning?: string;
}

export type MediaResult = MediaInfo | { ok: false; reason: string };

function fail(reason: string): MediaResult {
  return { ok: false, reason };
}

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await fs.access(file);
    return; // content-addressed: already there means already right
  } catch {
    // not there yet
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

export function thumbFile(thumbDir: string, name: string): string {
  return path.join(thumbDir, name.slice(0, 2), name);
}

async function readChecked(task: MediaTask): Promise<Buffer | string> {
  let stat;
  try {
    stat = await fs.stat(task.path);
  } catch (err) {
    return `cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
  if (!stat.isFile()) return 'not a regular file';
  if (stat.size === 0) return 'empty file (0 bytes)';
  if (stat.size > task.maxBytes) return `file is ${(stat.size / 2 ** 20).toFixed(0)} MiB, above the ${(task.maxBytes / 2 ** 20).toFixed(0)} MiB limit`;
  return fs.readFile(task.path);
}

export async function processMedia(task: MediaTask): Promise<MediaResult> {
  const ext = path.extname(task.path).toLowerCase();
  if (task.modality === 'audio' && AUDIO_UNSUPPORTED.has(ext)) {
    return fail(`${ext.slice(1).toUpperCase()} audio is not supported yet: convert it to WAV (e.g. ffmpeg -i in${ext} out.wav)`);
  }
  const buf = await readChecked(task);
  if (typeof buf === 'string') return fail(buf);
  const hash = createHash('sha256').update(buf).digest('hex');
  const base = { ok: true as const, hash, bytes: buf.length };
  if (task.knownHash === hash) {
    return { ...base, unchanged: true, format: null, width: null, height: null, durationSec: null, sampleRate: null, channels: null, thumb: null };
  }
  try {
    if (task.modality === 'image') {
      const probe = await probeImage(buf, task.maxPixels);
      const thumb = `${hash.slice(0, 40)}.webp`;
      await writeAtomic(thumbFile(task.thumbDir, thumb), await makeThumbnail(buf, task.maxPixels, task.thumbSize));
      const warning = ext && !matchesExtension(probe.format, ext) ? `content is ${probe.format} but the file is named ${ext}` : undefined;
      return {
        ...base, unchanged: false, format: probe.format, width: probe.width, height: probe.height,
        durationSec: null, sampleRate: null, channels: null, thumb, ...(warning ? { warning } : {}),
      };
    }
    const info = parseWavHeader(buf);
    const audio = decodeWav(buf);
    const thumb = `${hash.slice(0, 40)}.svg`;
    await writeAtomic(thumbFile(task.thumbDir, thumb), waveformSvg(waveformPeaks(audio, 200), { width: 200, height: 64, color: '#4f7cff' }));
    return {
      ...base, unchanged: false, format: info.format === 'float' ? `wav-f${info.bitsPerSample}` : `wav-${info.bitsPerSample}`,
      width: null, height: null, durationSec: info.durationSec, sampleRate: info.sampleRate, channels: info.channels, thumb,
      ...(info.truncated ? { warning: 'data chunk truncated; decoded the frames present' } : {}),
    };
  } catch (err) {
    if (err instanceof ImageError || err instanceof AudioDecodeError) return fail(err.message);
    throw err;
  }
}

const EXT_FORMATS: Record<string, string[]> = {
  jpeg: ['.jpg', '.jpeg'], png: ['.png'], webp: ['.webp'], gif: ['.gif'], tiff: ['.tif', '.tiff'], avif: ['.avif'],
};

function matchesExtension(format: string, ext: string): boolean {
  return EXT_FORMATS[format]?.includes(ext) ?? true;
}

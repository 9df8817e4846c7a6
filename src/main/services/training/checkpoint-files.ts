/**
 * A checkpoint on disk: one folder holding the model weights and the
 * optimizer's slots as raw little-endian arrays (tensors.bin) plus a JSON
 * manifest with their names, shapes and offsets and the run state (step,
 * epoch, RNG, data cursor, callbacks). Written into a temporary folder,
 * fsynced, then renamed: a crash leaves either the whole checkpoint or none.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface NamedArray {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

export interface CheckpointContent<S> {
  weights: NamedArray[];
  optimizer: NamedArray[];
  state: S;
}

interface Entry { name: string; shape: number[]; dtype: NamedArray['dtype']; offset: number; length: number }

const FORMAT = 1;

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function pack(arrays: NamedArray[], offset: number, chunks: Buffer[]): { entries: Entry[]; end: number } {
  const entries: Entry[] = [];
  for (const a of arrays) {
    const bytes = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
    entries.push({ name: a.name, shape: a.shape, dtype: a.dtype, offset, length: a.data.length });
    chunks.push(bytes);
    offset += bytes.length;
  }
  return { entries, end: offset };
}

export function writeCheckpoint<S>(dir: string, content: CheckpointContent<S>): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const chunks: Buffer[] = [];
  const w = pack(content.weights, 0, chunks);
  const o = pack(content.optimizer, w.end, chunks);
  const bin = path.join(tmp, 'tensors.bin');
  const json = path.join(tmp, 'checkpoint.json');
  fs.writeFileSync(bin, Buffer.concat(chunks));
  fs.writeFileSync(json, JSON.stringify({ format: FORMAT, weights: w.entries, optimizer: o.entries, state: content.state }));
  fsyncPath(bin);
  fsyncPath(json);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  fsyncPath(path.dirname(dir));
}

function unpack(buf: Buffer, entries: Entry[]): NamedArray[] {
  return entries.map((e) => {
    const bytes = buf.subarray(e.offset, e.offset + e.length * 4);
    // Copy into an aligned buffer: the file's offsets need not be 4-aligned in memory.
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    const data = e.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
    if (data.length !== e.length) throw new Error(`checkpoint tensor ${e.name} is truncated`);
    return { name: e.name, shape: e.shape, dtype: e.dtype, data };
  });
}

export function readCheckpoint<S>(dir: string): CheckpointContent<S> {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')) as { format: number; weights: Entry[]; optimizer: Entry[]; state: S };
  if (meta.format !== FORMAT) throw new Error(`checkpoint format ${meta.format} is not supported (this build reads ${FORMAT})`);
  const buf = fs.readFileSync(path.join(dir, 'tensors.bin'));
  return { weights: unpack(buf, meta.weights), optimizer: unpack(buf, meta.optimizer), state: meta.state };
}

/** Removes temporary folders a killed writer left beside the checkpoints. */
export function clearPartialCheckpoints(runDir: string): void {
  for (const name of fs.existsSync(runDir) ? fs.readdirSync(runDir) : []) {
    if (/\.tmp-\d+$/.test(name)) fs.rmSync(path.join(runDir, name), { recursive: true, force: true });
  }
}

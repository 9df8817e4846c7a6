/**
 * Shared helpers for the benchmarks: statistics, timing, command-line flags,
 * the header every bench prints (machine, versions, date), temp folders and
 * the Python peer lookup. Benchmarks print figures; they never assert them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DIGITS = '/work/shared/datasets/digits';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function nowMs(): number {
  return performance.now();
}

/** Milliseconds of each of `runs` calls after `warmup` untimed ones. */
export async function timeRuns(runs: number, fn: () => unknown, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = nowMs();
    await fn();
    xs.push(nowMs() - t);
  }
  return xs;
}

export function fmt(x: number, digits = 1): string {
  return x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(ours: number, peer: number): string {
  return `${(ours / peer).toFixed(2)}×`;
}

/** `--name value` or `--name=value` from argv, else the default. */
export function flag(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}` && argv[i + 1] !== undefined) return Number(argv[i + 1]);
    if (a.startsWith(`--${name}=`)) return Number(a.slice(name.length + 3));
  }
  return fallback;
}

export function hasFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

export const QUICK = hasFlag('quick');

/** A Python interpreter that can import `module`: $TRAINYARD_PYTHON, else Debian's, else the first on PATH. */
export function findPython(module: string): string | undefined {
  const candidates = process.env.TRAINYARD_PYTHON ? [process.env.TRAINYARD_PYTHON] : ['/usr/bin/python3', 'python3'];
  return candidates.find((py) => spawnSync(py, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0);
}

/** Runs a peer script and parses the last line of its stdout as JSON; a string says why it did not run. */
export function runPeer<T>(py: string, script: string, args: string[], timeoutMs = 600_000): T | string {
  const res = spawnSync(py, [path.join(BENCH_DIR, 'peers', script), ...args], { encoding: 'utf8', maxBuffer: 1 << 22, timeout: timeoutMs });
  if (res.error) return `peer failed: ${res.error.message}`;
  if (res.status !== 0) return `peer failed (${res.status}): ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as T;
}

export function pythonVersions(py: string, modules: string[]): string {
  const code = `import platform, ${modules.join(', ')}; print('python ' + platform.python_version() + ${modules.map((m) => `', ${m} ' + ${m}.__version__`).join(' + ')})`;
  const res = spawnSync(py, ['-c', code], { encoding: 'utf8' });
  return res.status === 0 ? `${res.stdout.trim()} (${py})` : `unknown (${py})`;
}

const FS_TYPES: Record<number, string> = {
  0x01021994: 'tmpfs', 0xef53: 'ext4', 0x794c7630: 'overlayfs', 0x58465342: 'xfs', 0x9123683e: 'btrfs', 0x6969: 'nfs', 0x65735546: 'fuse',
};

/** The file system a folder lives on (fsync costs differ by orders of magnitude). */
export function fsType(dir: string): string {
  try {
    const t = Number(fs.statfsSync(dir).type);
    return FS_TYPES[t] ?? `0x${t.toString(16)}`;
  } catch {
    return 'unknown';
  }
}

/** The header every bench prints first: what ran, on what, when. */
export async function header(title: string, extra: Array<[string, string]> = []): Promise<void> {
  const cpus = os.cpus();
  const lines: Array<[string, string]> = [
    ['bench', title],
    ['date', new Date().toISOString()],
    ['machine', `${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores (${os.availableParallelism()} available), ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}`],
    ['load average', `${os.loadavg().map((x) => x.toFixed(2)).join(', ')} (1, 5, 15 min; other work on the machine skews every figure)`],
    ['node', `${process.version}, sqlite ${process.versions.sqlite ?? '?'}`],
  ];
  const sharp = (await import('sharp')).default;
  lines.push(['sharp', `${sharp.versions.sharp}, libvips ${sharp.versions.vips}, concurrency ${sharp.concurrency()}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`]);
  lines.push(...extra);
  const w = Math.max(...lines.map(([k]) => k.length)) + 2;
  for (const [k, v] of lines) console.log(`${`${k}:`.padEnd(w)}${v}`);
  console.log('');
}

const temps = new Set<string>();
let trapped = false;

/** A temp folder, also removed if the bench is interrupted (Ctrl-C, SIGTERM). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.add(dir);
  if (!trapped) {
    trapped = true;
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
        process.exit(130);
      });
    }
  }
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  temps.delete(dir);
}

/** Prints one aligned result line: a label, a figure, and notes. */
export function line(label: string, value: string, note = ''): void {
  console.log(`${label.padEnd(40)}${value.padStart(14)}  ${note}`.trimEnd());
}

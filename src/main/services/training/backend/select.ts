/**
 * Picks the TensorFlow.js backend at run time: tfjs-node-gpu (CUDA), then
 * tfjs-node (libtensorflow on the CPU), then wasm (XNNPACK, SIMD), then the
 * pure-JavaScript cpu backend. The two native packages are optional
 * dependencies that many machines cannot install, so each candidate is
 * loaded only when tried and a failure is recorded with its reason instead of
 * thrown.
 *
 * Packages are loaded with `require` from `createRequire`, not `import()`:
 * a computed `require` is opaque to the bundler (electron-vite would
 * otherwise try to bundle an optional package that is not installed, or its
 * native addon), and it returns the same CommonJS instance of tfjs-core that
 * tfjs-layers and the backends `require` themselves. Two copies of tfjs-core
 * would share the global engine but not the Tensor class, and layers fail
 * in confusing ways; `assertSameCore` checks for that.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { registerWasmTrainingKernels } from './wasm-kernels.ts';

export type Tf = typeof TfCore;
export type Tfl = typeof TfLayers;
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

export interface SelectedBackend {
  /** The backend in use: what the UI, the CLI and the run record show. */
  name: BackendName;
  /** The tfjs-core namespace whose engine runs on `name`. */
  tf: Tf;
  /** tfjs-layers, bound to that same tfjs-core. */
  tfl: Tfl;
  /** Package versions, for the run record. */
  versions: Record<string, string>;
  /** Backends tried before `name`, each with why it was not used. */
  skipped: SkippedBackend[];
  /** A few words on how it runs ("SIMD, 1 thread"). */
  detail: string;
}

export interface SelectOptions {
  /**
   * When the preferred backend fails, go on down the chain (the default)
   * instead of throwing. The reasons are in `skipped` either way.
   */
  fallback?: boolean;
  /** Threads for wasm's XNNPACK pool; only honoured before wasm first starts (Node builds are single-threaded today). */
  wasmThreads?: number;
}

const requireHere = createRequire(import.meta.url);

function load<T>(name: string): T {
  return requireHere(name) as T;
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // "Cannot find module 'x'\nRequire stack: …" — the first line says it all.
  return msg.split('\n')[0]!.trim();
}

function isMissing(err: unknown, pkg: string): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${pkg}'`);
}

/** Throws unless tfjs-layers creates tensors of this tfjs-core's Tensor class. */
export function assertSameCore(tf: Tf, tfl: Tfl): void {
  const probe = tf.tidy(() => tfl.initializers.zeros().apply([1]));
  const same = probe instanceof tf.Tensor;
  probe.dispose();
  if (!same) throw new Error('tfjs-layers is bound to another copy of @tensorflow/tfjs-core (check `npm ls @tensorflow/tfjs-core`: all must be one version)');
}

/** The folder holding tfjs-backend-wasm's .wasm files, found through the package, so it works from source and from out/main/. */
export function wasmBinaryDir(): string {
  return path.join(path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

/**
 * `tf.setBackend` reports failure as `false` and logs the cause with
 * console.warn; keep that text for the skip reason.
 */
async function trySetBackend(tf: Tf, name: string): Promise<string | null> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (ok && tf.getBackend() === name) return null;
    const why = warnings.filter((w) => !w.startsWith('Initialization of backend')).map((w) => w.split('\n')[0]).join('; ');
    return `tf.setBackend('${name}') failed${why ? `: ${why}` : ''}`;
  } catch (err) {
    return `tf.setBackend('${name}') threw: ${errorText(err)}`;
  } finally {
    console.warn = warn;
  }
}

interface Attempt {
  ok: boolean;
  reason?: string;
  tf?: Tf;
  tfl?: Tfl;
  versions?: Record<string, string>;
  detail?: string;
}

let wasmPathsSet = false;

async function tryNative(name: 'tensorflow-gpu' | 'tensorflow'): Promise<Attempt> {
  const pkg = name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  let mod: { version?: Record<string, string> };
  try {
    mod = load(pkg);
  } catch (err) {
    return { ok: false, reason: isMissing(err, pkg) ? `${pkg} is not installed (optional; needs libtensorflow${name === 'tensorflow-gpu' ? ' and CUDA' : ''})` : `${pkg} failed to load: ${errorText(err)}` };
  }
  const tf = load<Tf>('@tensorflow/tfjs-core');
  const tfl = load<Tfl>('@tensorflow/tfjs-layers');
  if (!tf.findBackendFactory('tensorflow')) {
    return { ok: false, reason: `${pkg} registered its backend on another copy of @tensorflow/tfjs-core (versions differ: ${tf.version_core} here)` };
  }
  const failed = await trySetBackend(tf, 'tensorflow');
  if (failed) return { ok: false, reason: failed };
  const v = mod.version ?? {};
  const versions: Record<string, string> = { [pkg.slice('@tensorflow/'.length)]: v['tfjs-node'] ?? v[pkg.slice('@tensorflow/'.length)] ?? 'unknown' };
  if (v.tensorflow) versions.tensorflow = v.tensorflow;
  return { ok: true, tf, tfl, versions, detail: name === 'tensorflow-gpu' ? 'libtensorflow, CUDA' : 'libtensorflow, CPU' };
}

async function tryWasm(threads?: number): Promise<Attempt> {
  const tf = load<Tf>('@tensorflow/tfjs-core');
  const tfl = load<Tfl>('@tensorflow/tfjs-layers');
  let wasm: { setWasmPaths(p: string): void; setThreadsCount(n: number): void; getThreadsCount(): number; version_wasm: string };
  try {
    wasm = load('@tensorflow/tfjs-backend-wasm');
  } catch (err) {
    return { ok: false, reason: `@tensorflow/tfjs-backend-wasm failed to load: ${errorText(err)}` };
  }
  if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly !== 'object') return { ok: false, reason: 'WebAssembly is not available in this runtime' };
  if (!wasmPathsSet && !tf.engine().registry['wasm']) {
    try {
      wasm.setWasmPaths(wasmBinaryDir());
      if (threads) wasm.setThreadsCount(threads);
      wasmPathsSet = true;
    } catch (err) {
      return { ok: false, reason: `wasm binaries not found: ${errorText(err)}` };
    }
  }
  // Before the backend starts: kernels registered later are still picked up,
  // but registering first means no op can ever run without them.
  registerWasmTrainingKernels(tf);
  const failed = await trySetBackend(tf, 'wasm');
  if (failed) return { ok: false, reason: failed };
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  let n = 1;
  try {
    n = wasm.getThreadsCount();
  } catch {
    // Not initialised through this module instance; one thread is what Node builds run.
  }
  return { ok: true, tf, tfl, versions: { 'tfjs-backend-wasm': wasm.version_wasm }, detail: `${simd ? 'SIMD' : 'no SIMD'}, ${n} thread${n === 1 ? '' : 's'}` };
}

async function tryCpu(): Promise<Attempt> {
  const tf = load<Tf>('@tensorflow/tfjs-core');
  const tfl = load<Tfl>('@tensorflow/tfjs-layers');
  const cpu = load<{ version_cpu: string }>('@tensorflow/tfjs-backend-cpu');
  const failed = await trySetBackend(tf, 'cpu');
  if (failed) return { ok: false, reason: failed };
  return { ok: true, tf, tfl, versions: { 'tfjs-backend-cpu': cpu.version_cpu }, detail: 'pure JavaScript, slow' };
}

function attempt(name: BackendName, opts: SelectOptions): Promise<Attempt> {
  if (name === 'wasm') return tryWasm(opts.wasmThreads);
  if (name === 'cpu') return tryCpu();
  return tryNative(name);
}

let current: SelectedBackend | null = null;

/**
 * Activates the best backend available, starting from `prefer` ('auto': from
 * the top of the chain). tfjs has one active backend per thread (per worker),
 * so this switches the whole thread.
 */
export async function selectBackend(prefer: BackendPreference = 'auto', opts: SelectOptions = {}): Promise<SelectedBackend> {
  const start = prefer === 'auto' ? 0 : BACKEND_ORDER.indexOf(prefer);
  if (start < 0) throw new Error(`unknown backend "${String(prefer)}"; expected auto, ${BACKEND_ORDER.join(', ')}`);
  const chain = opts.fallback === false ? [BACKEND_ORDER[start]!] : BACKEND_ORDER.slice(start);
  const skipped: SkippedBackend[] = [];
  for (const name of chain) {
    let a: Attempt;
    try {
      a = await attempt(name, opts);
      if (a.ok) assertSameCore(a.tf!, a.tfl!);
    } catch (err) {
      a = { ok: false, reason: errorText(err) };
    }
    if (!a.ok) {
      skipped.push({ name, reason: a.reason ?? 'unknown failure' });
      continue;
    }
    const tf = a.tf!;
    const tfl = a.tfl!;
    current = {
      name,
      tf,
      tfl,
      versions: { 'tfjs-core': tf.version_core, 'tfjs-layers': tfl.version_layers, ...a.versions },
      skipped,
      detail: a.detail ?? '',
    };
    return current;
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/** "wasm (SIMD, 1 thread)": the backend in use (or `sel`), for the UI and the CLI. */
export function describeBackend(sel: Pick<SelectedBackend, 'name' | 'detail'> | null = current): string {
  if (!sel) return 'no backend selected';
  return sel.detail ? `${sel.name} (${sel.detail})` : sel.name;
}

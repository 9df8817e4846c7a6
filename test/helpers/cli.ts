/** Runs the real `trainyard` binary (the same one npx runs) and parses its --json output. */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import { afterEach } from 'vitest';
import { REPO } from './project.ts';

export const NODE = path.join(REPO, 'node_modules', '.bin', 'node');
export const BIN = path.join(REPO, 'bin', 'trainyard.js');

/**
 * `trainyard` processes a test starts in the background (to kill mid-way);
 * whatever is still running after each test is killed.
 */
export function cliProcesses(): { start(args: string[], opts?: SpawnOptions): ChildProcess; kill9(child: ChildProcess): Promise<void> } {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  });
  return {
    start(args, opts = {}) {
      const child = spawn(NODE, [BIN, ...args], opts);
      children.push(child);
      return child;
    },
    kill9: (child) => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(NODE, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

export async function runCliJson<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const r = await runCli([...args, '--json']);
  if (r.code !== 0) throw new Error(`trainyard ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

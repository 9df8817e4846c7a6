/** Runs the real `trainyard` binary (the same one npx runs) and parses its --json output. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO } from './project.ts';

const NODE = path.join(REPO, 'node_modules', '.bin', 'node');
const BIN = path.join(REPO, 'bin', 'trainyard.js');

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

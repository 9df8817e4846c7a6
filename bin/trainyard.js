#!/usr/bin/env node
// Trainyard's CLI launcher. The CLI needs Node >= 22.5 (node:sqlite, TypeScript
// type stripping); `npm install` brings Node 24 into node_modules via the `node`
// package, which npm scripts and npx put first on PATH. When started by an
// older node directly, re-run this file with that Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const bundled = join(here, '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    console.error(`trainyard needs Node.js 22.18 or newer (this is ${process.version}); run "npm install" in ${join(here, '..')} to get it.`);
    process.exit(1);
  }
  const r = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { runCli } = await import('../src/main/hosts/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));

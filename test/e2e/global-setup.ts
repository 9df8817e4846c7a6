// Says once, up front, what will not run here and why.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export default function globalSetup(): void {
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    throw new Error('Chromium not found at /usr/bin/chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
  }
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    if (!fs.existsSync(path.join(dir, 'path.txt'))) throw new Error('no binary');
  } catch {
    console.log("[e2e] electron project skipped: Electron's binary is not installed and cannot be downloaded offline; the web project runs the same specs against the same renderer and services.");
  }
  if (!fs.existsSync(path.resolve(import.meta.dirname, '../../out/renderer/index.html'))) {
    throw new Error('the studio is not built: run "npm run build" first');
  }
}

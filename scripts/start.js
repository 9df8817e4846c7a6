// `npm start`: the Electron studio on the bundled sample project. Electron
// downloads its binary on first launch; where that cannot happen (offline),
// say so in one line and start the same studio as a local web app instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function ensureBuilt() {
  if (existsSync(join(root, 'out', 'renderer', 'index.html')) && existsSync(join(root, 'out', 'main', 'index.js'))) return;
  console.log('building the studio…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The Electron binary, downloading it now if needed; null when it cannot be had. */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const binary = () => {
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(exe) ? exe : null;
  };
  if (binary()) return binary();
  if (process.env.TRAINYARD_NO_ELECTRON === '1') return null;
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, stdio: 'pipe', timeout: 180_000 });
  return r.status === 0 ? binary() : null;
}

ensureBuilt();
const exe = electronBinary();
if (exe) {
  const child = spawn(exe, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron could not be downloaded (offline?): starting the same studio as a local web app instead.');
  const child = spawn(process.execPath, [join(root, 'bin', 'trainyard.js'), 'ui', ...process.argv.slice(2)], { stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

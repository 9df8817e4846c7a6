/**
 * The `studio` fixture: a fresh project, the studio serving it, and a page
 * showing it. For the 'web' project that is `trainyard ui` in Debian's
 * Chromium; for 'electron' the desktop app itself (skipped, with the reason,
 * where Electron's binary cannot be had).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, chromium, test as base, type Page } from '@playwright/test';

export const REPO = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(REPO, 'node_modules', '.bin', 'node');
const BIN = path.join(REPO, 'bin', 'trainyard.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SHOTS = path.join(REPO, 'test-results', 'screenshots');

function electronBinary(): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const exe = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8'));
    return fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

export function cli(...args: string[]): string {
  const r = spawnSync(NODE, [BIN, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`trainyard ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export interface Studio {
  page: Page;
  dir: string;
  /** Reloads the whole studio (page reload for web, a new window for Electron). */
  reload(): Promise<void>;
  shot(name: string): Promise<void>;
}

async function startUi(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(NODE, [BIN, 'ui', dir, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`trainyard ui exited with ${code}`)));
  });
  return { child, url };
}

export interface StudioOptions {
  studioTransport: 'web' | 'electron';
}

export const test = base.extend<{ studio: Studio } & StudioOptions>({
  studioTransport: ['web', { option: true }],
  studio: async ({ studioTransport }, use, testInfo) => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ty-e2e-')), 'project');
    cli('new', dir);
    fs.mkdirSync(SHOTS, { recursive: true });
    const shot = (page: Page) => async (name: string): Promise<void> => {
      await page.screenshot({ path: path.join(SHOTS, `${testInfo.project.name}-${name}.png`) });
    };
    if (studioTransport === 'electron') {
      const exe = electronBinary();
      test.skip(!exe, "Electron's binary is not installed and cannot be downloaded offline; the 'web' project runs these specs against the same renderer and services");
      const app = await _electron.launch({ executablePath: exe!, args: [REPO], env: { ...process.env, TRAINYARD_PROJECT: dir } });
      const page = await app.firstWindow();
      await use({
        page, dir, shot: (n) => shot(page)(n),
        reload: async () => {
          await page.reload();
        },
      });
      await app.close();
      return;
    }
    const { child, url } = await startUi(dir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await use({ page, dir, shot: shot(page), reload: async () => void (await page.reload()) });
    await browser.close();
    child.kill('SIGINT');
    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
  },
});

export { expect } from '@playwright/test';

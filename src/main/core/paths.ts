/** Where things are: the app root (sources or bundle), the built renderer, resources, the user's Trainyard home. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json: found by walking up from this module (src/main/core or out/main). */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'resources'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the Trainyard app folder');
}

export function rendererDir(): string {
  return process.env.TRAINYARD_RENDERER ?? path.join(appRoot(), 'out', 'renderer');
}

export function resourcesDir(): string {
  return process.env.TRAINYARD_RESOURCES ?? path.join(appRoot(), 'resources');
}

/** Per-user state (the sample project lives here): $TRAINYARD_HOME or ~/.trainyard. */
export function trainyardHome(): string {
  return process.env.TRAINYARD_HOME ?? path.join(os.homedir(), '.trainyard');
}

export function sampleProjectDir(): string {
  return path.join(trainyardHome(), 'sample-project');
}

/**
 * Electron entry: app lifecycle, the window and the wiring of the IPC and
 * media transports to the same services the CLI and web host use.
 */
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppContext } from './core/context.ts';
import { inProcessClient } from './core/in-process.ts';
import { declareMediaScheme, handleMediaScheme } from './electron/media-protocol.ts';
import { registerIpc } from './electron/ipc.ts';
import { createMainWindow } from './electron/window.ts';
import { ensureSampleProject } from './services/project/sample-project.ts';

declareMediaScheme();

const here = import.meta.dirname;
const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererUrl = devUrl ?? pathToFileURL(path.join(here, '../renderer/index.html')).toString();
const rendererOrigin = devUrl ?? pathToFileURL(path.join(here, '../renderer/')).toString();

async function main(): Promise<void> {
  await app.whenReady();
  const flag = process.argv.find((a) => a.startsWith('--project='));
  const projectArg = process.env.TRAINYARD_PROJECT ?? flag?.slice('--project='.length);
  const ctx = new AppContext({ sampleProject: path.join(app.getPath('userData'), 'sample-project') });
  ctx.watchRuns(); // runs started from a terminal show up live
  handleMediaScheme(ctx);
  registerIpc(ctx, rendererOrigin, () => BrowserWindow.getAllWindows());
  const api = inProcessClient(ctx);
  if (projectArg) await api.call('project.open', { dir: projectArg });
  else await ensureSampleProject(api, ctx.sampleProject!);
  createMainWindow(path.join(here, '../preload'), rendererUrl);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(path.join(here, '../preload'), rendererUrl);
  });
  app.on('window-all-closed', () => {
    void ctx.close().then(() => app.quit());
  });
}

main().catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});

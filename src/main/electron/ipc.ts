/**
 * The Electron transport: one invoke channel carrying (method, input) to the
 * shared dispatch, and one event channel fanning the bus out to windows.
 * Calls from any frame that is not our renderer are refused.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { AppContext } from '../core/context.ts';
import { dispatch } from '../core/dispatch.ts';

export const INVOKE_CHANNEL = 'trainyard:invoke';
export const EVENT_CHANNEL = 'trainyard:event';

function trusted(event: IpcMainInvokeEvent, rendererOrigin: string): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(rendererOrigin);
}

export function registerIpc(ctx: AppContext, rendererOrigin: string, windows: () => BrowserWindow[]): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!trusted(event, rendererOrigin)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    if (typeof method !== 'string' || method.length > 100) return { ok: false, error: { code: 'invalid_input', message: 'method must be a string' } };
    return dispatch(ctx, method, input);
  });
  const off = ctx.events.subscribe((e) => {
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(EVENT_CHANNEL, e.name, e.payload);
  });
  return () => {
    off();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}

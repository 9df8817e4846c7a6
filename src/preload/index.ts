/**
 * The only bridge between the sandboxed renderer and the main process:
 * invoke(method, input) and listen(callback). No ipcRenderer, no Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const INVOKE_CHANNEL = 'trainyard:invoke';
const EVENT_CHANNEL = 'trainyard:event';

contextBridge.exposeInMainWorld('trainyard', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  listen: (listener: (name: string, payload: unknown) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
  mediaScheme: 'trainyard-media',
});

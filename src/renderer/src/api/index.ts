/**
 * The renderer's one way to the services. Which transport carries it
 * (Electron IPC or HTTP + WebSocket) is decided here, once; nothing else in
 * the renderer knows.
 */
import { createClient, type Client } from '@shared/contract/index.ts';
import { bridge, electronTransport } from './transport-electron.ts';
import { httpTransport } from './transport-http.ts';

const b = bridge();

export const client: Client = createClient(b ? electronTransport(b) : httpTransport());
export const api = client.api;

export type MediaKind = 'thumb' | 'file' | 'preview';

/** URL of a sample's media (by id) or a preview (by name): a custom scheme in Electron, a GET route on the web host. */
export function mediaUrl(kind: MediaKind, id: number | string, version = ''): string {
  const v = version ? `?v=${encodeURIComponent(version)}` : '';
  return b ? `${b.mediaScheme}://${kind}/${id}${v}` : `/media/${kind}/${id}${v}`;
}

export const transportName = b ? 'electron' : 'web';

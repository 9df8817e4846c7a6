/** trainyard-media://thumb/ID, trainyard-media://file/ID, trainyard-media://preview/NAME: media by id or content hash, never by path. */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import type { AppContext } from '../core/context.ts';
import { resolveMedia, resolvePreview } from '../services/datasets/media-files.ts';

export const MEDIA_SCHEME = 'trainyard-media';

/** Must run before app 'ready'. */
export function declareMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

export function handleMediaScheme(ctx: AppContext): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const kind = url.hostname;
    const id = url.pathname.replace(/^\//, '');
    const byId = (kind === 'thumb' || kind === 'file') && /^\d{1,12}$/.test(id);
    if (!byId && kind !== 'preview') return new Response('not found', { status: 404 });
    try {
      const { file } = kind === 'preview' ? resolvePreview(ctx.project(), id) : resolveMedia(ctx.project(), kind as 'thumb' | 'file', Number(id));
      return net.fetch(pathToFileURL(file).toString(), { headers: request.headers });
    } catch (err) {
      return new Response(err instanceof Error ? err.message : 'error', { status: 404 });
    }
  });
}

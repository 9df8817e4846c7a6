/**
 * The web host behind `trainyard ui`: the built renderer, POST /api/:method
 * over the same dispatch Electron uses, contract events over a WebSocket,
 * and media by sample id. Binds to 127.0.0.1 only.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { TrainyardError, type ErrorCode } from '../../../shared/contract/index.ts';
import type { AppContext } from '../../core/context.ts';
import { dispatch } from '../../core/dispatch.ts';
import { contentType, resolveMedia, resolvePreview, type MediaKind } from '../../services/datasets/media-files.ts';
import { csp, hostOk, newToken, originOk, sameToken, sessionCookie, tokenFrom, type Gate } from './security.ts';

export interface WebHostOptions {
  ctx: AppContext;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024 * 1024;
const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400, not_found: 404, conflict: 409, no_project: 409, cancelled: 409, forbidden: 403, unknown_method: 404, internal: 500,
};
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new TrainyardError('invalid_input', 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleApi(ctx: AppContext, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain', { Allow: 'POST' });
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'application/json only');
  let input: unknown;
  try {
    const body = await readBody(req);
    input = body ? JSON.parse(body) : {};
  } catch (err) {
    const env = { ok: false, error: { code: 'invalid_input', message: err instanceof TrainyardError ? err.message : 'request body is not valid JSON' } };
    return send(res, 400, JSON.stringify(env), 'application/json');
  }
  const env = await dispatch(ctx, method, input);
  send(res, env.ok ? 200 : STATUS[env.error.code], JSON.stringify(env), 'application/json');
}

/** Streams a file, honouring a single byte Range (audio elements seek with it). */
function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string, cache: string): void {
  const size = fs.statSync(file).size;
  const headers: Record<string, string> = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' };
  if (type === 'image/svg+xml') headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'";
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (m && (m[1] || m[2])) {
    const start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
    const end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    if (start > end || start >= size) return send(res, 416, '', 'text/plain', { 'Content-Range': `bytes */${size}` });
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) });
    fs.createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(size) });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(file).pipe(res);
}

function handleMedia(ctx: AppContext, kind: string, id: string, req: IncomingMessage, res: ServerResponse): void {
  if (kind !== 'thumb' && kind !== 'file' && kind !== 'preview') return send(res, 404, 'not found');
  if (kind !== 'preview' && !/^\d{1,12}$/.test(id)) return send(res, 400, 'bad id');
  try {
    const { file, type } = kind === 'preview' ? resolvePreview(ctx.project(), id) : resolveMedia(ctx.project(), kind as MediaKind, Number(id));
    sendFile(req, res, file, type, kind === 'file' ? 'no-cache' : 'private, max-age=86400, immutable');
  } catch (err) {
    const code = err instanceof TrainyardError ? err.code : 'internal';
    send(res, STATUS[code], err instanceof Error ? err.message : 'error');
  }
}

function handleStatic(rendererDir: string, pathname: string, port: number, res: ServerResponse, req: IncomingMessage): void {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  const file = path.resolve(rendererDir, rel);
  const inside = path.relative(rendererDir, file);
  // Unknown paths fall back to index.html so client-side routes reload.
  const target = inside.startsWith('..') || path.isAbsolute(inside) || !fs.existsSync(file) || !fs.statSync(file).isFile()
    ? path.join(rendererDir, 'index.html')
    : file;
  const ext = path.extname(target);
  const type = STATIC_TYPES[ext] ?? contentType(target);
  if (ext === '.html') {
    return send(res, 200, fs.readFileSync(target), type, { 'Content-Security-Policy': csp(port), 'X-Frame-Options': 'DENY' });
  }
  sendFile(req, res, target, type, 'no-cache');
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const { ctx } = opts;
  const rendererDir = path.resolve(opts.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new TrainyardError('not_found', `the studio is not built (${rendererDir}/index.html missing): run "npm run build"`);
  }
  const token = opts.token ?? newToken();
  let port = opts.port ?? 0;
  const gate: Gate = { token, port: () => port };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostOk(req, gate)) return send(res, 403, 'forbidden: unexpected Host header');
    if (!originOk(req, gate)) return send(res, 403, 'forbidden: cross-origin request');
    const { token: given, viaQuery } = tokenFrom(req, url);
    if (!sameToken(given, token)) {
      return send(res, 401, 'Trainyard: this page needs the token printed by "trainyard ui"; open the full URL it printed.');
    }
    const extra = viaQuery ? { 'Set-Cookie': sessionCookie(token) } : {};
    for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) return void handleApi(ctx, parts[1]!, req, res);
    if (parts[0] === 'media' && parts.length === 3) return handleMedia(ctx, parts[1]!, parts[2]!, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    handleStatic(rendererDir, url.pathname, port, res, req);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/events' || !hostOk(req, gate) || !originOk(req, gate) || !sameToken(tokenFrom(req, url).token, token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const off = ctx.events.subscribe((e) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(e));
      });
      ws.on('close', off);
      ws.on('message', () => ws.close(1008, 'this socket only sends'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The web host's gate against real HTTP: token, Host and Origin checks, the
// session cookie, CSP, the API envelope, media by id only, WebSocket events.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/main/hosts/http/server.ts';
import { digitsSubset, importAndWait, newProject, tempDir, type TestProject } from '../helpers/project.ts';

let p: TestProject;
let host: WebHost;
let base: string;
let datasetId: number;

beforeAll(async () => {
  p = await newProject();
  datasetId = (await importAndWait(p.api, { source: digitsSubset(['3'], 3) })).datasetId;
  const renderer = tempDir();
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  host = await startWebHost({ ctx: p.ctx, rendererDir: renderer });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  await p.close();
});

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${host.token}` });

async function call(method: string, input: unknown, headers: Record<string, string> = auth()): Promise<Response> {
  return fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(input) });
}

describe('web host', () => {
  it('binds to 127.0.0.1 and refuses requests without the token', async () => {
    expect(host.url.startsWith(`http://127.0.0.1:${host.port}/?token=`)).toBe(true);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await call('datasets.list', {}, {})).status).toBe(401);
    expect((await call('datasets.list', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('turns the URL token into an HttpOnly SameSite cookie and sends a CSP', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const ok = await call('datasets.list', {}, { Cookie: cookie });
    expect(ok.status).toBe(200);
  });

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin (CSRF)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, headers: { Host: 'evil.example:80' } }, (r) => resolve(r.statusCode ?? 0));
    });
    expect(status).toBe(403);
    expect((await call('datasets.list', {}, { ...auth(), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('datasets.list', {}, { ...auth(), Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('validates payloads and returns the error envelope', async () => {
    const res = await call('samples.list', { datasetId: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const notJson = await fetch(`${base}/api/datasets.list`, { method: 'POST', headers: { 'Content-Type': 'text/plain', ...auth() }, body: '{}' });
    expect(notJson.status).toBe(415);
    const get = await fetch(`${base}/api/datasets.list`, { headers: auth() });
    expect(get.status).toBe(405);
  });

  it('serves media by sample id only, with ranges, and nothing outside the roots', async () => {
    const list = (await (await call('samples.list', { datasetId })).json()) as { value: { items: Array<{ id: number }> } };
    const id = list.value.items[0]!.id;
    const thumb = await fetch(`${base}/media/thumb/${id}`, { headers: auth() });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const file = await fetch(`${base}/media/file/${id}`, { headers: { ...auth(), Range: 'bytes=0-7' } });
    expect(file.status).toBe(206);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    for (const bad of ['/media/file/..%2F..%2Fetc%2Fpasswd', '/media/file/999999', '/media/etc/1', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await fetch(`${base}${bad}`, { headers: auth() });
      const body = await res.text();
      expect(body).not.toMatch(/root:/);
    }
    // A sample whose stored path was tampered with to point outside its source is refused.
    p.ctx.project().db.run("UPDATE samples SET rel_path = '../../../../../../etc/hostname' WHERE id = ?", id);
    expect((await fetch(`${base}/media/file/${id}`, { headers: auth() })).status).toBe(403);
  });

  it('pushes contract events over the WebSocket, only to authorised same-origin clients', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/events`);
    await new Promise((resolve) => refused.on('error', resolve));
    const foreign = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`, { headers: { Origin: 'http://evil.example' } });
    await new Promise((resolve) => foreign.on('error', resolve));
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const got = new Promise<{ name: string; payload: { datasetId: number } }>((resolve) => ws.on('message', (m) => resolve(JSON.parse(String(m)))));
    const list = (await (await call('samples.list', { datasetId })).json()) as { value: { items: Array<{ id: number }> } };
    const classes = (await (await call('classes.list', { datasetId })).json()) as { value: Array<{ id: number }> };
    await call('labels.set', { datasetId, sampleIds: [list.value.items[1]!.id], classId: null });
    expect(await got).toMatchObject({ name: 'labels.changed', payload: { datasetId } });
    expect(classes.value.length).toBe(1);
    ws.close();
  });
});

/**
 * The web host's gate: a per-launch token (URL once, then an HttpOnly
 * SameSite=Strict cookie), a Host check against DNS rebinding, and an Origin
 * check so no other site can drive the API from a user's browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'trainyard_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export interface Gate {
  token: string;
  port: () => number;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Host must be ours (a rebinding attacker's page sends its own name). */
export function hostOk(req: IncomingMessage, gate: Gate): boolean {
  return allowedHosts(gate.port()).includes(req.headers.host ?? '');
}

/** A browser always sends Origin on POST and WebSocket; when present it must be ours. */
export function originOk(req: IncomingMessage, gate: Gate): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return allowedHosts(gate.port()).some((h) => origin === `http://${h}`);
}

export function tokenFrom(req: IncomingMessage, url: URL): { token: string | undefined; viaQuery: boolean } {
  const q = url.searchParams.get('token');
  if (q) return { token: q, viaQuery: true };
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7), viaQuery: false };
  return { token: cookie(req, COOKIE), viaQuery: false };
}

export function sessionCookie(token: string): string {
  return `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function csp(port: number): string {
  const ws = allowedHosts(port).map((h) => `ws://${h}`).join(' ');
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
    "media-src 'self' blob:", `connect-src 'self' ${ws}`, "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'",
  ].join('; ');
}

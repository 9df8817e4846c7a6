/**
 * The web transport: POST /api/:method for calls, a WebSocket on /events for
 * events (reconnecting with back-off). Auth rides on the session cookie the
 * host set when the page was opened with its token.
 */
import type { Envelope, Transport } from '@shared/contract/index.ts';

type Listener = (name: string, payload: unknown) => void;

export function httpTransport(base = ''): Transport {
  const listeners = new Set<Listener>();
  let socket: WebSocket | null = null;
  let retry = 0;

  function connect(): void {
    const url = new URL(`${base}/events`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onopen = () => {
      retry = 0;
    };
    socket.onmessage = (m) => {
      const e = JSON.parse(String(m.data)) as { name: string; payload: unknown };
      for (const l of listeners) l(e.name, e.payload);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size) setTimeout(connect, Math.min(5000, 200 * 2 ** retry++));
    };
  }

  return {
    async invoke(method, input) {
      let res: Response;
      try {
        res = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: `cannot reach the Trainyard host: ${String(err)}` } };
      }
      if (res.status === 401) return { ok: false, error: { code: 'forbidden', message: 'session expired: open the URL printed by "trainyard ui" again' } };
      return (await res.json()) as Envelope<unknown>;
    },
    listen(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => listeners.delete(listener);
    },
  };
}

/** The in-process transport: the CLI and tests talk to the contract exactly as a window does, without a socket. */
import { createClient, type Client, type Transport } from '../../shared/contract/index.ts';
import type { AppContext } from './context.ts';
import { dispatch } from './dispatch.ts';

export function inProcessTransport(ctx: AppContext): Transport {
  return {
    // A JSON round trip, so nothing that would not survive a real boundary slips through.
    invoke: async (method, input) => JSON.parse(JSON.stringify(await dispatch(ctx, method, JSON.parse(JSON.stringify(input ?? {}))))),
    listen: (listener) => ctx.events.subscribe((e) => listener(e.name, e.payload)),
  };
}

export function inProcessClient(ctx: AppContext): Client {
  return createClient(inProcessTransport(ctx));
}

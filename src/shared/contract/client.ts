/**
 * One typed client over any transport. The renderer, tests and scripts build
 * it from a Transport (Electron IPC, HTTP + WebSocket, or in-process) and
 * cannot tell which one they have. The namespaced API (`api.samples.list`)
 * is generated from the method map, so no channel is written twice by hand.
 */
import { fromErrorInfo, type Envelope } from './envelope.ts';
import type { EventName, EventPayload } from './events.ts';
import { methods, type Input, type MethodName, type Output } from './methods.ts';

export interface Transport {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  /** Subscribes to every event; returns an unsubscribe function. */
  listen(listener: (name: string, payload: unknown) => void): () => void;
}

type DomainOf<M> = M extends `${infer D}.${string}` ? D : never;
export type Domain = DomainOf<MethodName>;

export type NamespacedApi = {
  [D in Domain]: {
    [M in MethodName as M extends `${D}.${infer V}` ? V : never]: (input: Input<M>) => Promise<Output<M>>;
  };
};

export interface Client {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  on<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void;
  api: NamespacedApi;
}

export function createClient(transport: Transport): Client {
  async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const env = await transport.invoke(method, input);
    if (!env.ok) throw fromErrorInfo(env.error);
    return env.value as Output<M>;
  }
  function on<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void {
    return transport.listen((n, payload) => {
      if (n === name) cb(payload as EventPayload<E>);
    });
  }
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(methods)) {
    const [domain, verb] = name.split('.') as [string, string];
    (api[domain] ??= {})[verb] = (input: unknown) => call(name as MethodName, input as never);
  }
  return { call, on, api: api as unknown as NamespacedApi };
}

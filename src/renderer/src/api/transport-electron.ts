/** The Electron transport: the preload bridge's invoke and listen. */
import type { Envelope, Transport } from '@shared/contract/index.ts';

export interface Bridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  listen(listener: (name: string, payload: unknown) => void): () => void;
  mediaScheme: string;
}

export function bridge(): Bridge | null {
  return (window as unknown as { trainyard?: Bridge }).trainyard ?? null;
}

export function electronTransport(b: Bridge): Transport {
  return { invoke: (m, i) => b.invoke(m, i), listen: (l) => b.listen(l) };
}

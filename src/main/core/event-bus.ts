/**
 * The in-process event bus. Services publish contract events here; each
 * transport (Electron IPC, WebSocket, CLI progress bar) subscribes once and
 * forwards. Payloads are plain JSON so they survive any boundary.
 */
import type { AnyEvent, EventName, EventPayload } from '../../shared/contract/index.ts';

type Listener = (event: AnyEvent) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload } as AnyEvent;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken listener (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

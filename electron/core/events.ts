import type { EventMessage, EventName, Events } from '../../shared/api';

export type EventListener = (message: EventMessage) => void;

/** Pushes contract events to every bridge that listens (one window, or the host's sockets). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    const message = { event, payload } as EventMessage;
    for (const l of this.listeners) l(message);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// The renderer's typed client, derived from the contract: one generic `call`
// and `on`, no code per call. Whichever bridge carries the envelopes (Electron
// IPC through the preload, or the host's WebSocket), the API is the same.
import type { CallName, CallParams, CallResult, EventMessage, EventName, Events, GovdeskBridge, RawBridge } from '../../../shared/api';
import type { AppErrorShape } from '../../../shared/errors';

/** A refused or failed call: carries the core's stable code and message key. */
export class CallError extends Error {
  constructor(readonly shape: AppErrorShape) {
    super(shape.detail ?? shape.code);
    this.name = 'CallError';
  }
  get code() {
    return this.shape.code;
  }
}

export function createClient(raw: RawBridge): GovdeskBridge {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  raw.subscribe((message: EventMessage) => {
    for (const l of listeners.get(message.event) ?? []) (l as (p: unknown) => void)(message.payload);
  });
  return {
    async call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<K>> {
      const response = await raw.invoke(name, params);
      if (!response.ok) throw new CallError(response.error);
      return response.result as CallResult<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}

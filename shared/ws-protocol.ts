// Frames of the headless host's WebSocket bridge: their names and types. The
// host validates every incoming frame (ws-frame-schema.ts); what is inside
// `params` is then validated by the core against the contract, exactly as
// over Electron IPC.
import type { EventMessage } from './api';
import type { CallResponse } from './errors';

export type ServerFrame =
  | { kind: 'response'; id: number; response: CallResponse<unknown> }
  | { kind: 'event'; message: EventMessage }
  /** The host's stand-in for the system browser: the page opens the URL in a new tab. */
  | { kind: 'openExternal'; url: string };

/** The per-launch secret travels as a WebSocket subprotocol, never in a URL the server logs. */
export const WS_PROTOCOL_PREFIX = 'govdesk.';
export const WS_PATH = '/bridge';

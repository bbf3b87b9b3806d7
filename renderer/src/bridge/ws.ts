// The headless host's bridge: a WebSocket to the page's own origin that opens
// with this launch's secret (from the URL fragment, kept for reloads in
// sessionStorage, removed from the address bar).
import type { EventMessage, RawBridge } from '../../../shared/api';
import { errorShape, type CallResponse } from '../../../shared/errors';
import { WS_PATH, WS_PROTOCOL_PREFIX, type ServerFrame } from '../../../shared/ws-protocol';

const SECRET_KEY = 'govdesk.hostSecret';

function takeSecret(): string {
  const match = /[#&]k=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(SECRET_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(SECRET_KEY) ?? '';
}

export function connectHostBridge(onOpenExternal: (url: string) => void): RawBridge {
  const secret = takeSecret();
  const url = `${window.location.origin.replace(/^http/, 'ws')}${WS_PATH}`;
  const pending = new Map<number, (r: CallResponse<unknown>) => void>();
  const listeners = new Set<(m: EventMessage) => void>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let ready: Promise<WebSocket> | undefined;

  const connect = (): Promise<WebSocket> => {
    ready ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(url, [`${WS_PROTOCOL_PREFIX}${secret}`]);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('bridge unreachable'));
      ws.onclose = () => {
        socket = undefined;
        ready = undefined;
        for (const [id, done] of pending) {
          pending.delete(id);
          done({ ok: false, error: errorShape('bridge.disconnected', 'the connection to the Govdesk core closed') });
        }
      };
      ws.onmessage = (ev) => {
        const frame = JSON.parse(String(ev.data)) as ServerFrame;
        if (frame.kind === 'response') {
          pending.get(frame.id)?.(frame.response);
          pending.delete(frame.id);
        } else if (frame.kind === 'event') {
          for (const l of listeners) l(frame.message);
        } else if (frame.kind === 'openExternal') {
          onOpenExternal(frame.url);
        }
      };
    });
    return ready;
  };
  void connect().catch(() => undefined);

  return {
    async invoke(name, params) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return { ok: false, error: errorShape('bridge.disconnected', 'cannot reach the Govdesk core') };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, name, params }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

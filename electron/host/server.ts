// The headless host: the same core under Node, the built renderer over http on
// 127.0.0.1, and a WebSocket bridge that only a page holding this launch's
// secret, from this very origin, may use. For development and e2e only.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH, WS_PROTOCOL_PREFIX, type ServerFrame } from '../../shared/ws-protocol';
import { errorShape } from '../../shared/errors';
import type { Core } from '../core/core';
import type { clientFrameSchema as FrameSchema } from '../../shared/ws-frame-schema';
import { contentSecurityPolicy } from '../csp';
import { preloadStartFiles, readStatic } from './static';

export interface HostServer {
  url: string;
  /** The address with the secret, as the page must be opened. */
  launchUrl: string;
  /** Stand-in for the system browser: asks every open page to open the URL. */
  openExternal(url: string): void;
  /** Resolves once the page and the files it starts with have been served once. */
  readonly startFilesServed: Promise<void>;
  close(): Promise<void>;
}

export interface HostOptions {
  port: number;
  rendererDir: string;
  /** Fixed for tests that reopen the page; random per launch otherwise. */
  secret?: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * Listens at once; `core` may still be on its way (host/main.ts creates it
 * after the server listens, so that the browser fetches and parses the page's
 * bundle meanwhile). Static files never need it; a WebSocket is taken over
 * only once the core exists, so the page's first calls wait for it, never fail.
 */
export async function startHostServer(core: Core | Promise<Core>, opts: HostOptions): Promise<HostServer> {
  const secret = opts.secret ?? randomBytes(24).toString('base64url');
  let origin = '';
  const start = preloadStartFiles(opts.rendererDir);
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      // A client-side route falls back to the shell page.
      const file = (await readStatic(opts.rendererDir, path, start)) ?? (path.includes('.') ? null : await readStatic(opts.rendererDir, '/', start));
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Security-Policy': contentSecurityPolicy({ connect: [origin.replace(/^http/, 'ws')] }),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })();
  });

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => [...protocols][0] ?? false });
  const sockets = new Set<WebSocket>();
  const send = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (req.headers.origin !== origin) return refuse(socket, 403, 'Forbidden');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    const token = offered.find((p) => p.startsWith(WS_PROTOCOL_PREFIX))?.slice(WS_PROTOCOL_PREFIX.length);
    if (!token || !sameSecret(token, secret)) return refuse(socket, 401, 'Unauthorized');
    // The frames' schema (zod) is loaded with the core, after the page's files have gone out.
    void Promise.all([core, import('../../shared/ws-frame-schema')]).then(
      ([core, { clientFrameSchema }]) => upgrade(core, clientFrameSchema, req, socket, head),
      () => refuse(socket, 503, 'Service Unavailable'),
    );
  });

  const upgrade = (core: Core, clientFrameSchema: typeof FrameSchema, req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const unsubscribe = core.subscribe((message) => send(ws, { kind: 'event', message }));
      ws.on('close', () => {
        sockets.delete(ws);
        unsubscribe();
      });
      ws.on('message', (data) => {
        let frame;
        try {
          frame = clientFrameSchema.parse(JSON.parse(String(data)));
        } catch {
          // Not a frame of ours: answer nothing, the socket is not trusted further.
          ws.close(1008, 'bad frame');
          return;
        }
        void core.call(frame.name, frame.params).then(
          (response) => send(ws, { kind: 'response', id: frame.id, response }),
          (err: unknown) => send(ws, { kind: 'response', id: frame.id, response: { ok: false, error: errorShape('internal', String(err)) } }),
        );
      });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    launchUrl: `${origin}/#k=${secret}`,
    startFilesServed: start.served,
    openExternal(url) {
      for (const ws of sockets) send(ws, { kind: 'openExternal', url });
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

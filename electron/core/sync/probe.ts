// Is anything listening? A TCP connection opened and closed at once: no
// request, no login, nothing a server logs as work. While a service does not
// answer at all, this is how the scheduler notices the moment it is back.
import net from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
}

export type Prober = (endpoint: Endpoint, timeoutMs: number) => Promise<boolean>;

export const tcpProbe: Prober = ({ host, port }, timeoutMs) =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** host and port of an http(s) URL, with the scheme's default port. */
export function urlEndpoint(url: string): Endpoint {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80 };
}

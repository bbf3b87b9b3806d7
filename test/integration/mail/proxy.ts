// A loopback TCP relay between the app and the IMAP server, for what only
// the wire shows: how many bytes an operation moved, and a connection that
// goes silent without closing (a server that timed it out, a NAT that forgot
// it): `freeze` drops everything in both directions and closes nothing.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Relayed {
  client: Socket;
  server: Socket;
  frozen: boolean;
  /** Bytes the server sent to the app on this connection. */
  toClient: number;
}

export class TcpRelay {
  private constructor(
    private readonly srv: Server,
    readonly port: number,
    /** Every connection relayed, in the order they were opened. */
    readonly connections: Relayed[],
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpRelay> {
    const conns: Relayed[] = [];
    const srv = createServer((client) => {
      const server = connect(target.port, target.host);
      const r: Relayed = { client, server, frozen: false, toClient: 0 };
      conns.push(r);
      server.on('data', (d: Buffer) => {
        if (r.frozen) return;
        r.toClient += d.length;
        client.write(d);
      });
      client.on('data', (d: Buffer) => {
        if (!r.frozen) server.write(d);
      });
      const end = () => {
        client.destroy();
        server.destroy();
      };
      client.on('close', end);
      server.on('close', end);
      client.on('error', end);
      server.on('error', end);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const addr = srv.address();
    if (!addr || typeof addr === 'string') throw new Error('relay has no port');
    return new TcpRelay(srv, addr.port, conns);
  }

  /** Bytes sent to the app over every connection so far. */
  bytesToClient(): number {
    return this.connections.reduce((n, c) => n + c.toClient, 0);
  }

  /** Connections still open (neither side closed them). */
  open(): Relayed[] {
    return this.connections.filter((c) => !c.client.destroyed);
  }

  async close(): Promise<void> {
    for (const c of this.connections) {
      c.client.destroy();
      c.server.destroy();
    }
    await new Promise<void>((resolve) => this.srv.close(() => resolve()));
  }
}

// A loopback TCP relay between the app and the WebDAV server that stops
// passing the server's bytes on after a given count per connection, and
// closes nothing: the app sees a transfer that stopped half-way, whatever the
// machine's speed, and the test then stops the real server under it (the
// relay still reads the server, so it notices the server going and closes the
// app's side the way a dropped connection does).
import { connect, createServer, type Server, type Socket } from 'node:net';

export class HoldingRelay {
  private readonly pairs: Array<{ client: Socket; server: Socket; toClient: number; held: boolean }> = [];

  private constructor(
    private readonly srv: Server,
    readonly port: number,
  ) {}

  /** holdAfter: bytes a connection may carry to the app before it is held (null: never). */
  static async start(target: { host: string; port: number }, holdAfter: () => number | null): Promise<HoldingRelay> {
    let relay: HoldingRelay | null = null;
    const srv = createServer((client) => {
      const server = connect(target.port, target.host);
      const pair = { client, server, toClient: 0, held: false };
      relay?.pairs.push(pair);
      server.on('data', (d: Buffer) => {
        if (pair.held) return;
        client.write(d);
        pair.toClient += d.length;
        const limit = holdAfter();
        if (limit !== null && pair.toClient >= limit) pair.held = true;
      });
      client.on('data', (d: Buffer) => server.write(d));
      const end = () => {
        client.destroy();
        server.destroy();
      };
      for (const s of [client, server]) {
        s.on('close', end);
        s.on('error', end);
      }
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const addr = srv.address();
    if (!addr || typeof addr === 'string') throw new Error('relay has no port');
    relay = new HoldingRelay(srv, addr.port);
    return relay;
  }

  /** A connection is being held half-way. */
  holding(): boolean {
    return this.pairs.some((p) => p.held && !p.client.destroyed);
  }

  async close(): Promise<void> {
    for (const p of this.pairs) {
      p.client.destroy();
      p.server.destroy();
    }
    await new Promise<void>((resolve) => this.srv.close(() => resolve()));
  }
}

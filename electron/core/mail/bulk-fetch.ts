// The initial sync of a large folder fetches headers of every message: with
// imapflow's general parser (and the log string it builds for every response
// even with logging off), that runs at about a twentieth of what the wire
// carries. For this one bulk command we borrow a connection from imapflow
// after it has signed in and opened the folder (ImapFlow.unbind()), and read
// the FETCH responses with the small parser below, which knows only what a
// FETCH of UID, FLAGS, MODSEQ, RFC822.SIZE and header fields returns.
// Everything else (IDLE, changes, actions) stays on imapflow.
import type { Readable, Writable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import type { Clock } from '../platform';
import type { RawHeaderFetch } from './parse';

/** A server silent this long in the middle of a bulk FETCH is gone. */
const SILENCE_MS = 60_000;

export interface BulkMailbox {
  uidValidity: number;
  exists: number;
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;

class Cursor {
  i = 0;
  constructor(readonly b: Buffer) {}
  peek(): number {
    return this.b[this.i] ?? -1;
  }
  skipSpaces(): void {
    while (this.b[this.i] === SP) this.i++;
  }
  /** An atom: up to a space, a paren or the end; a '[' section is taken whole (BODY[HEADER.FIELDS (A B)]). */
  atom(): string {
    const start = this.i;
    let depth = 0;
    for (; this.i < this.b.length; this.i++) {
      const c = this.b[this.i]!;
      if (c === 0x5b) depth++;
      else if (c === 0x5d) depth--;
      else if (depth === 0 && (c === SP || c === 0x28 || c === 0x29 || c === CR)) break;
    }
    return this.b.toString('latin1', start, this.i);
  }
  /** A value: list, quoted string, literal, or atom (NIL is null). */
  value(): unknown {
    const c = this.peek();
    if (c === 0x28) {
      this.i++;
      const out: unknown[] = [];
      for (;;) {
        this.skipSpaces();
        const d = this.peek();
        if (d === 0x29) {
          this.i++;
          return out;
        }
        if (d === -1) throw new Error('unterminated list');
        out.push(this.value());
      }
    }
    if (c === 0x22) {
      this.i++;
      let s = '';
      for (; this.i < this.b.length; this.i++) {
        const d = this.b[this.i]!;
        if (d === 0x5c) s += String.fromCharCode(this.b[++this.i] ?? 0);
        else if (d === 0x22) {
          this.i++;
          return s;
        } else s += String.fromCharCode(d);
      }
      throw new Error('unterminated string');
    }
    if (c === 0x7b) {
      const close = this.b.indexOf(0x7d, this.i);
      const n = parseInt(this.b.toString('latin1', this.i + 1, close), 10);
      const start = close + 3; // "}\r\n"
      this.i = start + n;
      return this.b.subarray(start, start + n);
    }
    const a = this.atom();
    return a === 'NIL' ? null : a;
  }
}

/** One untagged FETCH response → what sync needs, or null if it is not one of ours (a flag push, say). */
export function parseFetchResponse(res: Buffer): RawHeaderFetch | null {
  const cur = new Cursor(res);
  if (res[0] !== 0x2a) return null;
  cur.i = 2;
  cur.atom(); // sequence number
  cur.skipSpaces();
  if (cur.atom().toUpperCase() !== 'FETCH') return null;
  cur.skipSpaces();
  const list = cur.value();
  if (!Array.isArray(list)) return null;
  let uid = 0;
  let flags: string[] = [];
  let size = 0;
  let modseq: string | null = null;
  let headers: Buffer | null = null;
  for (let k = 0; k + 1 < list.length; k += 2) {
    const key = String(list[k]).toUpperCase();
    const v = list[k + 1];
    if (key === 'UID') uid = Number(v);
    else if (key === 'FLAGS' && Array.isArray(v)) flags = v.map(String);
    else if (key === 'RFC822.SIZE') size = Number(v);
    else if (key === 'MODSEQ' && Array.isArray(v)) modseq = String(v[0]);
    else if (key.startsWith('BODY[')) headers = Buffer.isBuffer(v) ? v : typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.alloc(0);
  }
  if (!uid || headers === null) return null;
  return { uid, flags, size, headers, internalDate: null, modseq };
}

/**
 * Splits a byte stream into whole IMAP responses: a line, with any literals
 * ({n}\r\n + n bytes) it announces, up to its final CRLF.
 */
export class ResponseSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private scan = 0;

  push(chunk: Buffer, onResponse: (res: Buffer) => void): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let start = 0;
    for (;;) {
      const nl = this.buf.indexOf(LF, this.scan);
      if (nl < 0) break;
      const n = literalBefore(this.buf, nl);
      if (n !== null) {
        // "{123}\r\n": 123 bytes follow, then the response goes on.
        if (this.buf.length < nl + 1 + n) break; // wait; the same line is looked at again
        this.scan = nl + 1 + n;
        continue;
      }
      onResponse(this.buf.subarray(start, this.buf[nl - 1] === CR ? nl - 1 : nl));
      start = nl + 1;
      this.scan = start;
    }
    if (start > 0) {
      this.buf = this.buf.subarray(start);
      this.scan -= start;
    }
  }
}

/** The size of a literal announced by the line ending at `nl` ("... {123}\r\n" or "{123+}"), else null. */
function literalBefore(buf: Buffer, nl: number): number | null {
  let j = nl - 1;
  if (buf[j] === CR) j--;
  if (buf[j] !== 0x7d) return null;
  j--;
  if (buf[j] === 0x2b) j--;
  const end = j + 1;
  while (j >= 0 && buf[j]! >= 0x30 && buf[j]! <= 0x39) j--;
  if (buf[j] !== 0x7b || end === j + 1) return null;
  return parseInt(buf.toString('latin1', j + 1, end), 10);
}

/** A signed-in connection with a folder open, taken from imapflow for bulk FETCH. */
export class BulkSession {
  private splitter = new ResponseSplitter();
  private tag = 0;
  /** Commands sent and not yet answered, oldest first: untagged answers belong to the oldest. */
  private queue: { tag: string; onUntagged: (res: Buffer) => void; resolve: () => void; reject: (err: Error) => void }[] = [];
  private unwatch: (() => void) | null = null;

  private constructor(
    private readonly read: Readable,
    private readonly write: Writable,
    readonly mailbox: BulkMailbox,
    private readonly clock: Clock,
  ) {
    read.on('data', (chunk: Buffer) => {
      this.lastData = this.clock.now();
      this.splitter.push(chunk, (res) => this.onResponse(res));
      // libuv reads up to 32 chunks of 64 KB per turn of the loop, and each
      // costs about a millisecond here: pausing after each one lets timers
      // and the UI's calls run between chunks instead of after 40 ms of them.
      read.pause();
      setImmediate(() => read.resume());
    });
    const fail = (err: unknown) => this.failAll(err instanceof Error ? err : new Error(String(err)));
    read.on('error', fail);
    read.on('close', () => fail(new Error('connection closed during bulk fetch')));
    // unpipe() from imapflow leaves the stream paused: a 'data' listener alone does not restart it.
    read.resume();
  }

  private lastData = 0;

  /** Fails the running fetch when the server has been silent for `ms`. */
  private watch(ms: number): () => void {
    let cancel = (): void => undefined;
    const check = (): void => {
      const idle = this.clock.now() - this.lastData;
      if (idle >= ms) this.failAll(new Error(`bulk fetch: no data for ${ms} ms`));
      else cancel = this.clock.setTimer(ms - idle, check);
    };
    cancel = this.clock.setTimer(ms, check);
    return () => cancel();
  }

  /** Opens `path` read-only on a fresh imapflow connection, then takes its socket. */
  static async take(client: ImapFlow, path: string, clock: Clock): Promise<BulkSession> {
    const mb = await client.mailboxOpen(path, { readOnly: true });
    const { readSocket, writeSocket } = client.unbind();
    return new BulkSession(readSocket, writeSocket, { uidValidity: Number(mb.uidValidity), exists: mb.exists }, clock);
  }

  private onResponse(res: Buffer): void {
    const head = this.queue[0];
    if (!head) return;
    if (res[0] === 0x2a) {
      head.onUntagged(res);
      return;
    }
    const line = res.toString('latin1', 0, Math.min(res.length, 300));
    if (!line.startsWith(`${head.tag} `)) return;
    this.queue.shift();
    if (this.queue.length === 0) this.stopWatching();
    if (line.startsWith(`${head.tag} OK`)) head.resolve();
    else head.reject(new Error(`bulk fetch refused: ${line}`));
  }

  private failAll(err: Error): void {
    const q = this.queue;
    this.queue = [];
    this.stopWatching();
    for (const c of q) c.reject(err);
  }

  private stopWatching(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  /**
   * UID FETCH of flags, size, modseq and header fields; each message is
   * handed over as it arrives. Several may be in flight (pipelined): the
   * next batch travels while the previous one is being written.
   */
  fetchHeaders(uidSet: string, fields: readonly string[], modseq: boolean, onMessage: (m: RawHeaderFetch) => void): Promise<void> {
    const items = `UID FLAGS RFC822.SIZE${modseq ? ' MODSEQ' : ''} BODY.PEEK[HEADER.FIELDS (${fields.map((f) => f.toUpperCase()).join(' ')})]`;
    return this.command(`UID FETCH ${uidSet} (${items})`, (res) => {
      const m = parseFetchResponse(res);
      if (m) onMessage(m);
    });
  }

  /**
   * Every uid of the folder (UID SEARCH ALL). imapflow's parser takes about a
   * second, all on the event loop, for the one line of a 100,000-message
   * folder; splitting it here takes milliseconds.
   */
  async searchAll(): Promise<number[]> {
    const uids: number[] = [];
    await this.command('UID SEARCH ALL', (res) => {
      if (res.toString('latin1', 0, 9).toUpperCase() !== '* SEARCH ') return;
      for (const word of res.toString('latin1', 9).split(' ')) {
        const uid = Number(word);
        if (uid > 0) uids.push(uid);
      }
    });
    return uids;
  }

  private command(text: string, onUntagged: (res: Buffer) => void): Promise<void> {
    const tag = `g${++this.tag}`;
    if (this.queue.length === 0) {
      this.lastData = this.clock.now();
      this.unwatch = this.watch(SILENCE_MS);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ tag, onUntagged, resolve, reject });
      this.write.write(`${tag} ${text}\r\n`);
    });
  }

  close(): void {
    this.failAll(new Error('bulk session closed'));
    try {
      this.write.write('z LOGOUT\r\n');
      this.write.end();
    } catch {
      // Already gone: nothing to close.
    }
    this.read.destroy();
  }
}

import { describe, expect, it } from 'vitest';
import { parseFetchResponse, ResponseSplitter } from '../../../electron/core/mail/bulk-fetch';

const header = 'From: =?UTF-8?Q?A?= <a@x>\r\nSubject: (test) {7}\r\n\r\n';
const wire =
  `* 1 FETCH (UID 10 FLAGS (\\Seen $Forwarded) RFC822.SIZE 1234 MODSEQ (77) BODY[HEADER.FIELDS (FROM SUBJECT)] {${Buffer.byteLength(header)}}\r\n${header})\r\n` +
  `* 2 FETCH (UID 11 FLAGS () BODY[HEADER.FIELDS (FROM SUBJECT)] "")\r\n` +
  `* 3 EXISTS\r\n` +
  `* 4 FETCH (FLAGS (\\Deleted) UID 12)\r\n` +
  `g1 OK Fetch completed.\r\n`;

describe('bulk FETCH reading', () => {
  it('splits a stream into whole responses whatever the chunk boundaries', () => {
    for (const step of [1, 3, 7, 64, wire.length]) {
      const splitter = new ResponseSplitter();
      const got: string[] = [];
      const bytes = Buffer.from(wire);
      for (let i = 0; i < bytes.length; i += step) splitter.push(bytes.subarray(i, i + step), (r) => got.push(r.toString()));
      expect(got.length).toBe(5);
      expect(got[0]).toContain('Subject: (test) {7}');
      expect(got[4]).toBe('g1 OK Fetch completed.');
    }
  });

  it('reads uid, flags, size, modseq and the header bytes, and ignores other responses', () => {
    const responses: Buffer[] = [];
    new ResponseSplitter().push(Buffer.from(wire), (r) => responses.push(Buffer.from(r)));
    const m = parseFetchResponse(responses[0]!);
    expect(m).toMatchObject({ uid: 10, flags: ['\\Seen', '$Forwarded'], size: 1234, modseq: '77' });
    expect(m!.headers.toString()).toBe(header);
    expect(parseFetchResponse(responses[1]!)).toMatchObject({ uid: 11, flags: [] });
    expect(parseFetchResponse(responses[2]!)).toBeNull();
    // A flag push without header fields is not a message for the bulk fetch.
    expect(parseFetchResponse(responses[3]!)).toBeNull();
  });
});

/** A bulk session on a fake connection: what the test writes to `read` is the server's answer; `sent` is what the client wrote. */
async function fakeSession(mailbox: string, exists: number) {
  const { PassThrough, Writable } = await import('node:stream');
  const { BulkSession } = await import('../../../electron/core/mail/bulk-fetch');
  const { systemClock } = await import('../../../electron/core/platform');
  const read = new PassThrough();
  const sent: string[] = [];
  const write = new Writable({
    write(chunk: Buffer, _enc, done) {
      sent.push(chunk.toString());
      done();
    },
  });
  const fake = {
    mailboxOpen: async () => ({ uidValidity: 7n, exists }),
    unbind: () => ({ readSocket: read, writeSocket: write, socket: read }),
  };
  return { read, sent, session: await BulkSession.take(fake as never, mailbox, systemClock) };
}

describe('bulk session', () => {
  it('routes answers of pipelined fetches to their own command, in order', async () => {
    const { read, sent, session } = await fakeSession('INBOX', 3);
    expect(session.mailbox).toEqual({ uidValidity: 7, exists: 3 });
    const a: number[] = [];
    const b: number[] = [];
    const pa = session.fetchHeaders('3', ['FROM'], false, (m) => a.push(m.uid));
    const pb = session.fetchHeaders('1:2', ['FROM'], false, (m) => b.push(m.uid));
    expect(sent.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(['g1 UID FETCH', 'g2 UID FETCH']);
    const msg = (uid: number) => `* ${uid} FETCH (UID ${uid} FLAGS () BODY[HEADER.FIELDS (FROM)] {9}\r\nFrom: x\r\n)\r\n`;
    read.write(msg(3) + 'g1 OK done\r\n' + msg(1));
    read.write(msg(2) + 'g2 OK done\r\n');
    await Promise.all([pa, pb]);
    expect(a).toEqual([3]);
    expect(b).toEqual([1, 2]);
    const pc = session.fetchHeaders('9', ['FROM'], false, () => undefined);
    read.write('g3 NO [SERVERBUG] nope\r\n');
    await expect(pc).rejects.toThrow(/SERVERBUG/);
    session.close();
  });

  it('lists every uid of a large folder from one SEARCH line, split across reads', async () => {
    const { read, sent, session } = await fakeSession('Benchmark', 100_000);
    const listed = session.searchAll();
    expect(sent).toEqual(['g1 UID SEARCH ALL\r\n']);
    const uids = Array.from({ length: 100_000 }, (_, i) => i * 2 + 1);
    const line = Buffer.from(`* SEARCH ${uids.join(' ')}\r\ng1 OK Search completed\r\n`);
    for (let at = 0; at < line.length; at += 65_536) read.write(line.subarray(at, at + 65_536));
    await expect(listed).resolves.toEqual(uids);
    session.close();
  });
});

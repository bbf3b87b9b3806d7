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

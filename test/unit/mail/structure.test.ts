import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { bodyFromParts, partsToFetch, planOf } from '../../../electron/core/mail/structure';

// A message as imapflow parses its BODYSTRUCTURE: text and HTML alternatives,
// an 8 MB file, and a forwarded message whose body is one text part (imapflow
// gives that inner part its wrapper's number; IMAP calls it "3.1").
const structure: MessageStructureObject = {
  type: 'multipart/mixed',
  childNodes: [
    {
      part: '1',
      type: 'multipart/alternative',
      childNodes: [
        { part: '1.1', type: 'text/plain', parameters: { charset: 'windows-1258' }, encoding: 'quoted-printable', size: 40 },
        { part: '1.2', type: 'text/html', parameters: { charset: 'utf-8' }, encoding: '7bit', size: 60 },
      ],
    },
    { part: '2', type: 'application/pdf', parameters: { name: 'CON.pdf' }, encoding: 'base64', size: 11_000_000, disposition: 'attachment' },
    {
      part: '3',
      type: 'message/rfc822',
      encoding: '7bit',
      size: 300,
      envelope: { subject: 'Tờ trình', from: [{ name: 'Lê Văn Cường', address: 'cuong.lv@so-demo.invalid' }], date: '2026-11-24T01:00:00Z' },
      childNodes: [{ part: '3', type: 'text/plain', parameters: { charset: 'utf-8' }, encoding: 'base64', size: 40 }],
    },
  ],
};

describe('opening by structure', () => {
  it('fetches the header, the text parts and the forwarded text, never the file', () => {
    const plan = planOf(structure);
    expect(partsToFetch(plan).map((p) => p.part)).toEqual(['header', '1.1', '1.2', '3.1']);
    expect(plan.files.map((f) => f.part)).toEqual(['2', '3']);
  });

  it('decodes the parts (charset, transfer encoding), NFC, with safe names and the nested message', async () => {
    const plan = planOf(structure);
    // "Kính gửi" in windows-1258, quoted-printable: i + 0xEC (combining acute), u-horn 0xFD + 0xD2 (hook above).
    const parts = new Map<string, Buffer>([
      ['header', Buffer.from('From: a@b.invalid\r\nSubject: x\r\n\r\n')],
      ['1.1', Buffer.from('Ki=ECnh g=FD=D2i')],
      ['1.2', Buffer.from('<p>Kính gửi</p>')],
    ]);
    parts.set('3.1', Buffer.from(Buffer.from('Nội dung tờ trình').toString('base64')));
    const body = await bodyFromParts(plan, parts);
    expect(body?.text).toBe('Kính gửi');
    expect(body?.html).toContain('Kính gửi');
    expect(body?.attachments.map((a) => [a.filename, a.originalFilename, a.part])).toEqual([
      ['_CON.pdf', 'CON.pdf', '2'],
      ['message.eml', null, '3'],
    ]);
    expect(body?.nested?.[0]).toMatchObject({ subject: 'Tờ trình', text: 'Nội dung tờ trình', from: [{ name: 'Lê Văn Cường', address: 'cuong.lv@so-demo.invalid' }] });
  });

  it('leaves something without header lines to the whole-source path', async () => {
    const plan = planOf({ type: 'text/plain', encoding: '7bit', size: 10 });
    expect(partsToFetch(plan).map((p) => p.part)).toEqual(['header', '1']);
    expect(await bodyFromParts(plan, new Map([['1', Buffer.from('x')]]))).toBeNull();
  });
});

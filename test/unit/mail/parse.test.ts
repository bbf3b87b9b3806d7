import { describe, expect, it } from 'vitest';
import { decodeWords, headerRecord, parseAddresses, parseBody, parseMessageIds } from '../../../electron/core/mail/parse';

// "Báo cáo Hà Nội" in windows-1258: base letters with separate combining tone
// bytes (0xEC acute, 0xF2 dot below) as the code page composes them.
const cp1258 = (text: string): Buffer => {
  const table: Record<string, number> = { '\u0301': 0xec, '\u0300': 0xcc, '\u0323': 0xf2, '\u0309': 0xd2, '\u0303': 0xde, 'ô': 0xf4, 'ơ': 0xf5, 'ư': 0xfd, 'ă': 0xe3, 'â': 0xe2, 'ê': 0xea, 'đ': 0xf0, 'Đ': 0xd0 };
  const out: number[] = [];
  for (const ch of text.normalize('NFD').normalize('NFC').split('')) {
    // Decompose only tone marks; keep ô ơ ư ă â ê whole as cp1258 has them.
    const d = ch.normalize('NFD');
    const base = d[0]!;
    const rest = d.slice(1);
    const keep = ['\u0302', '\u0306', '\u031b'];
    let letter = base;
    let tones = '';
    for (const m of rest) {
      if (keep.includes(m)) letter = (letter + m).normalize('NFC');
      else tones += m;
    }
    out.push(table[letter] ?? letter.charCodeAt(0));
    for (const t of tones) out.push(table[t]!);
  }
  return Buffer.from(out);
};

describe('header parsing', () => {
  it('decodes RFC 2047 words, joining a letter split across two words', () => {
    expect(decodeWords('=?UTF-8?B?QsOhbyBjw6Fv?= =?UTF-8?Q?_tu=E1=BA=A7n?=')).toBe('Báo cáo tuần');
    const bytes = Buffer.from('Hà Nội', 'utf8');
    const a = bytes.subarray(0, 2).toString('base64');
    const b = bytes.subarray(2).toString('base64');
    expect(decodeWords(`=?utf-8?B?${a}?= =?utf-8?B?${b}?=`)).toBe('Hà Nội');
    expect(decodeWords('plain text')).toBe('plain text');
  });

  it('decodes windows-1258 encoded words and raw 8-bit legacy headers', () => {
    const word = `=?windows-1258?B?${cp1258('Báo cáo Hà Nội').toString('base64')}?=`;
    // Composed (NFC), not base letters plus combining marks as the code page has them.
    expect(decodeWords(word)).toBe('Báo cáo Hà Nội');
    const raw = Buffer.concat([Buffer.from('Subject: '), cp1258('Công văn đến'), Buffer.from('\r\nFrom: a@b.invalid\r\n')]);
    const rec = headerRecord({ uid: 1, flags: [], size: 1, headers: raw, internalDate: 5, modseq: null });
    expect(rec.subject).toBe('Công văn đến');
    expect(rec.date).toBe(5);
  });

  it('reads addresses, ids, date and flags', () => {
    const headers = Buffer.from(
      [
        'From: =?UTF-8?Q?Nguy=E1=BB=85n_V=C4=83n_A?= <a@so-demo.invalid>',
        'To: b@so-demo.invalid, "Trần, B" <c@so-demo.invalid>',
        'Subject: Re: Kế hoạch',
        'Date: Tue, 24 Nov 2026 08:00:00 +0700',
        'Message-ID: <m2@x>',
        'In-Reply-To: <m1@x>',
        'References: <m0@x>',
        '\t<m1@x>',
        'Content-Type: multipart/mixed; boundary=x',
        '',
      ].join('\r\n'),
    );
    const rec = headerRecord({ uid: 7, flags: new Set(['\\Seen']), size: 99, headers, internalDate: null, modseq: '12' });
    expect(rec.from).toEqual([{ name: 'Nguyễn Văn A', address: 'a@so-demo.invalid' }]);
    expect(rec.to.map((a) => a.address)).toEqual(['b@so-demo.invalid', 'c@so-demo.invalid']);
    expect(rec.to[1]!.name).toBe('Trần, B');
    expect(rec.date).toBe(Date.UTC(2026, 10, 24, 1));
    expect(rec.references).toEqual(['<m0@x>', '<m1@x>']);
    expect(rec.inReplyTo).toBe('<m1@x>');
    expect(rec.messageId).toBe('<m2@x>');
    expect(rec.hasAttachments).toBe(true);
    expect(rec.flags).toEqual(['\\Seen']);
  });

  it('reads common single addresses the same way as the full parser', async () => {
    const { default: addressparser } = await import('nodemailer/lib/addressparser');
    const cases = [
      'a@so-demo.invalid',
      ' <a@so-demo.invalid> ',
      'Nguyen Van A <a@so-demo.invalid>',
      '"Trần, B" <c@so-demo.invalid>',
      '=?UTF-8?B?VHLhuqduIFF14buRYyBC4bqjbw==?= <bao.tq@so-demo.invalid>',
    ];
    for (const c of cases) {
      const full = addressparser(c, { flatten: true }).map((a) => ({ name: decodeWords(a.name), address: a.address }));
      expect(parseAddresses(c)).toEqual(full);
    }
    expect(parseAddresses('a@x.invalid, b@y.invalid').map((a) => a.address)).toEqual(['a@x.invalid', 'b@y.invalid']);
    expect(parseAddresses('Undisclosed recipients:;')).toEqual([]);
  });

  it('never throws on junk', () => {
    expect(parseAddresses('<<<@@@>>>,,,')).toBeInstanceOf(Array);
    expect(parseMessageIds('no ids here')).toEqual([]);
    const rec = headerRecord({ uid: 1, flags: [], size: 0, headers: Buffer.from('\x00\xff\xfe garbage\r\n::\r\n'), internalDate: null, modseq: null });
    expect(rec.subject).toBe('');
    expect(rec.date).toBe(0);
  });
});

describe('body parsing', () => {
  it('reads a windows-1258 text body', async () => {
    const source = Buffer.concat([
      Buffer.from('From: a@b.invalid\r\nSubject: test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      cp1258('Kính gửi Sở Thông tin, đề nghị báo cáo.'),
      Buffer.from('\r\n'),
    ]);
    const body = await parseBody(source);
    expect(body.warning).toBeNull();
    expect(body.text.trim()).toBe('Kính gửi Sở Thông tin, đề nghị báo cáo.');
  });

  it('reads other legacy charsets and HTML with an attachment', async () => {
    const gb = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GB2312
    const source = Buffer.concat([
      Buffer.from(
        'From: a@b.invalid\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/html; charset=gb2312\r\n\r\n<p>',
      ),
      gb,
      Buffer.from(
        '</p>\r\n--XX\r\nContent-Type: application/pdf; name="=?UTF-8?B?Q8O0bmcgdsSDbi5wZGY=?="\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--XX--\r\n',
      ),
    ]);
    const body = await parseBody(source);
    expect(body.html).toContain('你好');
    expect(body.attachments).toEqual([{ filename: 'Công văn.pdf', contentType: 'application/pdf', size: 5, contentId: null, inline: false, originalFilename: null }]);
  });

  it('keeps a malformed message as raw source with a warning', async () => {
    const source = Buffer.from('\x00\x01 this is not a mail message at all \xff');
    const body = await parseBody(source);
    expect(body.warning).toBe('no_headers');
    expect(body.raw).toEqual(source);
    const broken = await parseBody(Buffer.from('From: a@b\r\nContent-Type: multipart/mixed; boundary="\r\n\r\n--\r\n--\r\n\x00\x00'));
    expect(broken.warning === null || typeof broken.warning === 'string').toBe(true);
  });

  it('makes attachment names safe and keeps the original, NFC', async () => {
    const name = 'bao-cao\u202efdp.exe';
    const source = Buffer.from(
      [
        'From: a@b.invalid',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=XX',
        '',
        '--XX',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'xem tệp',
        '--XX',
        `Content-Type: application/octet-stream; name="=?UTF-8?B?${Buffer.from(name).toString('base64')}?="`,
        'Content-Disposition: attachment',
        '',
        'MZ',
        '--XX',
        `Content-Type: text/plain; name="=?UTF-8?B?${Buffer.from('Ba\u0301o ca\u0301o.txt').toString('base64')}?="`,
        'Content-Disposition: attachment',
        '',
        'x',
        '--XX--',
        '',
      ].join('\r\n'),
    );
    const body = await parseBody(source);
    expect(body.attachments.map((a) => [a.filename, a.originalFilename])).toEqual([
      ['bao-caofdp.exe', name],
      ['Báo cáo.txt', null],
    ]);
  });

  it('reads a forwarded message inside a message, with its own files', async () => {
    const inner = [
      'From: =?UTF-8?Q?L=C3=AA_V=C4=83n_C=C6=B0=E1=BB=9Dng?= <cuong.lv@so-demo.invalid>',
      'To: anh.ntm@so-demo.invalid',
      'Subject: =?UTF-8?Q?T=E1=BB=9D_tr=C3=ACnh?=',
      'Date: Tue, 24 Nov 2026 08:00:00 +0700',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=IN',
      '',
      '--IN',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Nội dung tờ trình gốc',
      '--IN',
      'Content-Type: application/pdf; name="../../CON.pdf"',
      'Content-Disposition: attachment',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0=',
      '--IN--',
      '',
    ].join('\r\n');
    const source = Buffer.from(
      ['From: a@b.invalid', 'Subject: Fwd', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=OUT', '', '--OUT', 'Content-Type: text/plain', '', 'Chuyển tiếp', '--OUT', 'Content-Type: message/rfc822', '', inner, '--OUT--', ''].join('\r\n'),
    );
    const body = await parseBody(source);
    expect(body.nested).toHaveLength(1);
    const n = body.nested![0]!;
    expect(n.subject).toBe('Tờ trình');
    expect(n.from).toEqual([{ name: 'Lê Văn Cường', address: 'cuong.lv@so-demo.invalid' }]);
    expect(n.text.trim()).toBe('Nội dung tờ trình gốc');
    expect(n.attachments.map((a) => [a.filename, a.originalFilename])).toEqual([['_CON.pdf', '../../CON.pdf']]);
    // Its file is one of the message's files, downloadable by that index.
    expect(body.attachments[n.attachments[0]!.index]?.filename).toBe('_CON.pdf');
  });
});

/**
 * Mail seed, written straight into Dovecot's Maildir storage (Maildir++ layout,
 * with a dovecot-uidlist so UIDs follow the date order), deterministic for a week.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNTS, BENCHMARK_ACCOUNT, BENCHMARK_FOLDER, MAIL_DOMAIN, ORG_NAME, findAccount, type DemoAccount } from '../accounts.ts';
import { MAIL_GID, MAIL_UID } from '../config.ts';
import { run } from '../proc.ts';
import { makeCsv, makePdf } from './content.ts';
import { DRAFTS, EXTERNAL_SENDERS, REPLIES_LEADER, REPLIES_STAFF, SPAM, TOPICS, type Topic } from './mail-text.ts';
import { icalDocument, icalLocal, icalText, icalUtc, TZID, base64Lines, encodeWord, filenameParams, formatAddr, hashSeed, localTime, pick, quotedPrintable, rfc2822, rng, type Addr, type Week } from './util.ts';
import { agencyEvents } from './calendar.ts';

export const FOLDERS = ['INBOX', 'Sent', 'Drafts', 'Archive', 'Junk', 'Trash'] as const;

interface Attachment {
  name: string;
  type: string;
  data: Buffer;
  method?: string;
}

interface Msg {
  id: string;
  date: Date;
  from: Addr;
  to: Addr[];
  cc: Addr[];
  subject: string;
  text: string;
  html: boolean;
  attachments: Attachment[];
  inReplyTo?: string;
  references: string[];
  /** A message given as raw bytes (legacy charset, malformed). */
  raw?: Buffer;
  extraHeaders?: string[];
}

interface Placed {
  msg: Msg;
  folder: string;
  flags: string;
}

const addrOf = (a: DemoAccount): Addr => ({ name: a.name, email: a.email });

function signature(a: DemoAccount): string {
  return `--\n${a.name}\n${a.title} – ${a.department.name}\n${ORG_NAME}\nĐT: 0236.3${String(hashSeed(a.username) % 900000).padStart(6, '0')}`;
}

function ascii(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

function attachmentFor(topic: Topic, n: number, year: string): Attachment | undefined {
  if (!topic.attachment || !topic.attachmentName) return undefined;
  const name = topic.attachmentName(n, year);
  if (topic.attachment === 'pdf') {
    return { name, type: 'application/pdf', data: makePdf([ascii(name.replace(/\.pdf$/, '')), ascii(ORG_NAME), `So: ${n}/${year}`]) };
  }
  return {
    name,
    type: 'text/csv; charset=utf-8',
    data: makeCsv([
      ['STT', 'Đơn vị', 'Nội dung', 'Ghi chú'],
      ['1', 'Phòng Công nghệ thông tin', 'Đã cập nhật', ''],
      ['2', 'Phòng Bưu chính, Viễn thông', 'Đang tổng hợp', 'Bổ sung sau'],
      ['3', 'Văn phòng Sở', 'Đã cập nhật', ''],
    ]),
  };
}

/** Working-hours instant within the `days` working days up to the reference day. */
function workTime(r: () => number, week: Week, maxBack: number): Date {
  for (;;) {
    const back = Math.floor(r() * maxBack);
    const day = week.todayIndex - back;
    const dow = ((day % 7) + 7) % 7;
    if (dow >= 5) continue;
    const minutes = 7 * 60 + 30 + Math.floor(r() * (9 * 60 + 30));
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return localTime(week, day, `${hh}:${mm}`);
  }
}

/** Moves an instant outside office hours (07:30-17:30, Mon-Fri, Vietnam) to the next morning's start. */
function duringWork(d: Date): Date {
  const VN = 7 * 3600_000;
  let l = new Date(d.getTime() + VN);
  const minutes = l.getUTCHours() * 60 + l.getUTCMinutes();
  if (minutes > 17 * 60 + 30) l = new Date(Date.UTC(l.getUTCFullYear(), l.getUTCMonth(), l.getUTCDate() + 1, 7, 40));
  else if (minutes < 7 * 60 + 30) l = new Date(Date.UTC(l.getUTCFullYear(), l.getUTCMonth(), l.getUTCDate(), 7, 40));
  while (l.getUTCDay() === 0 || l.getUTCDay() === 6) l = new Date(l.getTime() + 86400_000);
  return new Date(l.getTime() - VN);
}

function html(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const [body = '', sig = ''] = text.split('\n--\n');
  const paras = body
    .split('\n\n')
    .map((p) => (p.startsWith('>') ? `<blockquote style="border-left:2px solid #ccc;margin:0;padding-left:8px">${esc(p.replace(/^> ?/gm, '')).replace(/\n/g, '<br>')}</blockquote>` : `<p>${esc(p).replace(/\n/g, '<br>')}</p>`))
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif;font-size:14px">\n${paras}\n<div style="color:#555;border-top:1px solid #ddd;margin-top:12px">${esc(sig).replace(/\n/g, '<br>')}</div>\n</body></html>`;
}

/** Builds the RFC 5322 message (CRLF line ends, deterministic boundaries). */
export function buildMime(m: Msg): Buffer {
  if (m.raw) return m.raw;
  const h: string[] = [
    `Return-Path: <${m.from.email}>`,
    `Message-ID: <${m.id}>`,
    `Date: ${rfc2822(m.date)}`,
    `From: ${formatAddr(m.from)}`,
    `To: ${m.to.map(formatAddr).join(',\r\n ')}`,
  ];
  if (m.cc.length) h.push(`Cc: ${m.cc.map(formatAddr).join(',\r\n ')}`);
  h.push(`Subject: ${encodeWord(m.subject)}`);
  if (m.inReplyTo) h.push(`In-Reply-To: <${m.inReplyTo}>`);
  if (m.references.length) h.push(`References: ${m.references.map((r) => `<${r}>`).join('\r\n ')}`);
  h.push('MIME-Version: 1.0', 'X-Mailer: Govdesk demo seed', ...(m.extraHeaders ?? []));
  const b = `=_govdesk_${hashSeed(m.id).toString(16)}`;
  const textPart = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(m.text)].join('\r\n');
  const body = m.html
    ? [
        `Content-Type: multipart/alternative; boundary="${b}_alt"`,
        '',
        `--${b}_alt`,
        textPart,
        `--${b}_alt`,
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        quotedPrintable(html(m.text)),
        `--${b}_alt--`,
      ].join('\r\n')
    : textPart;
  let out: string;
  if (m.attachments.length === 0) {
    out = `${h.join('\r\n')}\r\n${body}\r\n`;
  } else {
    const parts = [body];
    for (const a of m.attachments) {
      const fp = filenameParams(a.name);
      parts.push(
        [
          `Content-Type: ${a.type}; ${fp.type}${a.method ? `; method=${a.method}` : ''}`,
          'Content-Transfer-Encoding: base64',
          `Content-Disposition: attachment; ${fp.disposition}`,
          '',
          base64Lines(a.data),
        ].join('\r\n'),
      );
    }
    out = `${h.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\nThis is a multi-part message in MIME format.\r\n${parts.map((p) => `--${b}\r\n${p}\r\n`).join('')}--${b}--\r\n`;
  }
  return Buffer.from(out, 'utf8');
}

function legacyCharsetMessage(week: Week, to: DemoAccount): Msg {
  const date = localTime(week, Math.max(0, week.todayIndex - 1), '10:05');
  const id = `cp1258-${week.monday}@sonha.demo.invalid`;
  // Text produced with `iconv -t WINDOWS-1258`: decoding gives decomposed (NFD-like) Vietnamese.
  const body = Buffer.from(
    'S+1uaCBn/dJpIFBob8xuZyBD9G5nIG5naOryIHRo9G5nIHRpbiwKClbjbiBwaG/MbmcgVUJORCBodXnq8m4gU/VuIEjgIGf90mkga+htIGRhbmggc+FjaCBt4XkgdO1uaCBj4sxuIGtp6tJtIHRyYSBhbiB0b+BuIHRo9G5nIHRpbi4g0OrMIG5naGnyIFF1eewgUGhvzG5nIGL07CB0cu0gY+FuIGL08iBo9N4gdHL18iB0cm9uZyB0deLMbiBu4HkuCgpUcuJuIHRyb/JuZy4vCk5ndXnq3m4gVuNuIFT99cxuZwpW424gcGhvzG5nIFVCTkQgaHV56vJuIFP1biBI4Ao=',
    'base64',
  );
  const head = [
    `Message-ID: <${id}>`,
    `Date: ${rfc2822(date)}`,
    'From: =?windows-1258?B?Tmd1eerebiBW424gVP31zG5n?= <vanphong@sonha.demo.invalid>',
    `To: ${formatAddr(addrOf(to))}`,
    'Subject: =?windows-1258?B?RGFuaCBz4WNoIG3heSB07W5oIGPizG4ga2nq0m0gdHJhIGFuIHRv4G4gdGj0bmcgdGlu?=',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=windows-1258',
    'Content-Transfer-Encoding: 8bit',
    'X-Mailer: Outlook Express 6.00.2900.5512',
    '',
    '',
  ].join('\r\n');
  return { id, date, from: { name: '', email: 'vanphong@sonha.demo.invalid' }, to: [addrOf(to)], cc: [], subject: '', text: '', html: false, attachments: [], references: [], raw: Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body.toString('latin1').replace(/\n/g, '\r\n'), 'latin1')]) };
}

function malformedMessage(week: Week, to: DemoAccount): Msg {
  const date = localTime(week, Math.max(0, week.todayIndex - 2), '15:40');
  const id = `malformed-${week.monday}@broken.demo.invalid`;
  // Deliberately broken: raw 8-bit header, bad date, a header without a colon,
  // a boundary that never closes, invalid base64 and an unknown charset.
  const raw = [
    `Message-ID: <${id}>`,
    'Date: thứ Hai, hôm qua lúc 3 giờ chiều',
    'From: Máy quét văn bản <scanner@broken.demo.invalid>',
    `To: ${to.email}`,
    'Subject: Tài liệu quét (thư lỗi định dạng)',
    'this line is not a header',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="never-closed"',
    '',
    '--never-closed',
    'Content-Type: text/plain; charset=x-unknown-charset',
    '',
    'Tài liệu quét đính kèm. Nội dung viết thẳng UTF-8 dù khai báo bảng mã lạ.',
    '--never-closed',
    'Content-Type: application/pdf; name="scan.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="scan.pdf"',
    '',
    'JVBERi0xLjQK!!!not*base64###',
    'AAAA=AAA',
    '',
  ].join('\r\n');
  return { id, date, from: { name: '', email: 'scanner@broken.demo.invalid' }, to: [addrOf(to)], cc: [], subject: '', text: '', html: false, attachments: [], references: [], raw: Buffer.from(raw, 'utf8') };
}

function invitationMessage(week: Week): { msg: Msg; to: DemoAccount[] } {
  const ev = agencyEvents(week).find((e) => e.uid.startsWith('thu-am'));
  const clerk = ACCOUNTS.find((a) => a.role === 'van_thu');
  if (!ev || !clerk) throw new Error('seed: no invitation event');
  const to = ACCOUNTS.filter((a) => ev.attendees?.some((x) => x.username === a.username));
  const ics = icalDocument(
    [
      [
        'BEGIN:VEVENT',
        `UID:${ev.uid}`,
        `DTSTAMP:${icalUtc(localTime(week, -3, '08:00'))}`,
        `DTSTART;TZID=${TZID}:${icalLocal(ev.start)}`,
        `DTEND;TZID=${TZID}:${icalLocal(ev.end)}`,
        `SUMMARY:${icalText(ev.summary)}`,
        `LOCATION:${icalText(ev.location ?? '')}`,
        `ORGANIZER;CN=${icalText(clerk.name)}:mailto:${clerk.email}`,
        ...to.map((a) => `ATTENDEE;CN=${icalText(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.email}`),
        ...(ev.url ? [`URL:${ev.url}`] : []),
        'SEQUENCE:0',
        'END:VEVENT',
      ],
    ],
    'REQUEST',
  );
  const msg: Msg = {
    id: `invite-${week.monday}@so-demo.invalid`,
    date: localTime(week, -3, '09:00'),
    from: addrOf(clerk),
    to: to.map(addrOf),
    cc: [],
    subject: `Giấy mời: ${ev.summary}`,
    text: `Kính gửi các đồng chí,\n\nVăn phòng Sở trân trọng kính mời các đồng chí tham dự: ${ev.summary}.\nĐịa điểm: ${ev.location ?? ''}\n${ev.url ? `Tham gia trực tuyến: ${ev.url}\n` : ''}\nTrân trọng./\n\n${signature(clerk)}`,
    html: true,
    attachments: [{ name: 'invite.ics', type: 'text/calendar; charset=utf-8', method: 'REQUEST', data: Buffer.from(ics, 'utf8') }],
    references: [],
  };
  return { msg, to };
}

/** Every message of the demo week and where it lies. */
export function demoMail(week: Week): Map<string, Placed[]> {
  const r = rng(hashSeed(`mail:${week.today}`));
  const year = week.monday.slice(0, 4);
  const people = ACCOUNTS.filter((a) => a.username !== BENCHMARK_ACCOUNT);
  const boxes = new Map<string, Placed[]>(ACCOUNTS.map((a) => [a.username, []]));
  const put = (a: DemoAccount, p: Placed) => boxes.get(a.username)?.push(p);
  const now = localTime(week, week.todayIndex, '16:00');
  const replied = new Set<string>();

  const deliver = (m: Msg, topic?: Topic) => {
    const sender = findAccount(m.from.email);
    if (sender) put(sender, { msg: m, folder: 'Sent', flags: 'S' });
    for (const rcpt of [...m.to, ...m.cc]) {
      const a = findAccount(rcpt.email);
      if (!a) continue;
      const ageDays = (now.getTime() - m.date.getTime()) / 86400_000;
      let folder = 'INBOX';
      if (topic?.folder && (topic.folder !== 'Công văn đến' || a.role === 'van_thu' || a.role === 'pho_giam_doc')) folder = topic.folder;
      else if (ageDays > 8 && r() < 0.7) folder = 'Archive';
      else if (r() < 0.03) folder = 'Trash';
      let flags = ageDays > 1 || r() < 0.4 ? 'S' : '';
      if (r() < 0.08) flags = `F${flags}`;
      put(a, { msg: m, folder, flags });
    }
  };

  const conversations = 150;
  for (let c = 0; c < conversations; c++) {
    const topic = pick(r, TOPICS);
    const n = 100 + Math.floor(r() * 4900);
    const date = workTime(r, week, 20);
    let from: Addr;
    let to: DemoAccount[];
    const outside = topic.external === undefined ? undefined : EXTERNAL_SENDERS[topic.external];
    if (outside) {
      from = outside;
      const clerk = people.filter((a) => a.role === 'van_thu' || a.role === 'pho_giam_doc' || a.role === 'truong_phong');
      to = [pick(r, clerk), ...(r() < 0.5 ? [pick(r, people)] : [])];
    } else {
      const s = pick(r, people);
      from = addrOf(s);
      const others = people.filter((a) => a.username !== s.username);
      to = [pick(r, others)];
      if (r() < 0.35) to.push(pick(r, others));
    }
    to = [...new Map(to.map((a) => [a.username, a])).values()];
    const cc = r() < 0.2 ? [pick(r, people)].filter((a) => !to.includes(a) && a.email !== from.email) : [];
    const first = to[0];
    if (!first) continue;
    const sender = findAccount(from.email);
    const greeting = `Kính gửi: ${first.title} ${first.name},`;
    const text = `${greeting}\n\n${topic.paragraphs.join('\n\n')}\n\nTrân trọng./\n\n${sender ? signature(sender) : `--\n${from.name}`}`;
    const att = attachmentFor(topic, n, year);
    const root: Msg = {
      id: `${topic.key}-${c}-${week.today}@${sender ? MAIL_DOMAIN : from.email.split('@')[1]}`,
      date,
      from,
      to: to.map(addrOf),
      cc: cc.map(addrOf),
      subject: topic.subject(n, year),
      text,
      html: r() < 0.35,
      attachments: att ? [att] : [],
      references: [],
      extraHeaders: outside ? ['Importance: High'] : [],
    };
    deliver(root, topic);

    // Reply threads between colleagues.
    let prev = root;
    const length = r() < 0.6 ? 0 : r() < 0.6 ? 1 : 2 + Math.floor(r() * 2);
    for (let k = 0; k < length; k++) {
      const replier = findAccount(prev.to[0]?.email ?? '');
      const back = prev.from;
      if (!replier) break;
      const date2 = duringWork(new Date(prev.date.getTime() + (20 + Math.floor(r() * 600)) * 60_000));
      if (date2 > now) break;
      const quoted = prev.text.split('\n').map((l) => `> ${l}`).join('\n');
      const reply: Msg = {
        id: `${topic.key}-${c}-re${k}-${week.today}@${MAIL_DOMAIN}`,
        date: date2,
        from: addrOf(replier),
        to: [back],
        cc: prev.cc,
        subject: prev.subject.startsWith('Re: ') ? prev.subject : `Re: ${prev.subject}`,
        text: `${pick(r, replier.role === 'truong_phong' || replier.role === 'pho_giam_doc' ? REPLIES_LEADER : REPLIES_STAFF)}\n\nVào ${rfc2822(prev.date)}, ${prev.from.name} đã viết:\n${quoted}\n\n${signature(replier)}`,
        html: false,
        attachments: [],
        inReplyTo: prev.id,
        references: [...prev.references, prev.id],
      };
      replied.add(`${replier.username}:${prev.id}`);
      deliver(reply);
      prev = reply;
    }
  }

  // \Answered on messages that were replied to.
  for (const [user, list] of boxes) {
    for (const p of list) if (replied.has(`${user}:${p.msg.id}`) && !p.flags.includes('R')) p.flags = `R${p.flags}`;
  }

  // Drafts, junk, and the special messages.
  for (const a of people) {
    DRAFTS.forEach((d, i) => {
      const m: Msg = { id: `draft-${i}-${a.username}-${week.today}@${MAIL_DOMAIN}`, date: localTime(week, week.todayIndex, `0${8 + i}:15`), from: addrOf(a), to: [], cc: [], subject: d.subject, text: `${d.text}\n\n${signature(a)}`, html: false, attachments: [], references: [] };
      put(a, { msg: m, folder: 'Drafts', flags: 'DS' });
    });
    SPAM.forEach((s, i) => {
      const m: Msg = { id: `spam-${i}-${a.username}-${week.today}@${s.from.email.split('@')[1]}`, date: workTime(r, week, 6), from: s.from, to: [addrOf(a)], cc: [], subject: s.subject, text: s.text, html: true, attachments: [], references: [], extraHeaders: ['X-Spam-Flag: YES'] };
      put(a, { msg: m, folder: 'Junk', flags: '' });
    });
  }
  const specialist = people.find((a) => a.role === 'chuyen_vien');
  if (specialist) {
    put(specialist, { msg: legacyCharsetMessage(week, specialist), folder: 'INBOX', flags: '' });
    put(specialist, { msg: malformedMessage(week, specialist), folder: 'INBOX', flags: '' });
  }
  const inv = invitationMessage(week);
  for (const a of inv.to) put(a, { msg: inv.msg, folder: 'INBOX', flags: '' });
  const clerk = people.find((a) => a.role === 'van_thu');
  if (clerk) put(clerk, { msg: inv.msg, folder: 'Sent', flags: 'S' });
  return boxes;
}

// ---------- Maildir writing ----------

/** IMAP modified UTF-7 (RFC 3501 5.1.3), as Dovecot names Maildir++ folders on disk. */
export function mutf7(s: string): string {
  let out = '';
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const b = Buffer.from(pending, 'utf16le').swap16();
    out += `&${b.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    pending = '';
  };
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x20 && c <= 0x7e) {
      flush();
      out += ch === '&' ? '&-' : ch;
    } else pending += ch;
  }
  flush();
  return out;
}

export function maildirOf(mailDir: string, email: string): string {
  const [local = '', domain = ''] = email.toLowerCase().split('@');
  return path.join(mailDir, domain, local, 'Maildir');
}

function folderDir(maildir: string, folder: string): string {
  if (folder === 'INBOX') return maildir;
  return path.join(maildir, `.${folder.split('/').map(mutf7).join('.')}`);
}

interface Entry {
  date: Date;
  data: Buffer;
  flags: string;
}

/** Writes one folder: files in cur/ (mtime = date, so INTERNALDATE is right) and a dovecot-uidlist. */
export function writeFolder(maildir: string, folder: string, entries: Entry[], uidValidity: number): void {
  const dir = folderDir(maildir, folder);
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
  if (folder !== 'INBOX') writeFileSync(path.join(dir, 'maildirfolder'), '');
  const sorted = [...entries].sort((a, b) => a.date.getTime() - b.date.getTime());
  const uidlist: string[] = [];
  sorted.forEach((e, i) => {
    const t = Math.floor(e.date.getTime() / 1000);
    const base = `${t}.M${i + 1}P1.seed`;
    const flags = [...new Set(e.flags)].sort().join('');
    const name = `${base},S=${e.data.length},W=${e.data.length}:2,${flags}`;
    const file = path.join(dir, 'cur', name);
    writeFileSync(file, e.data);
    utimesSync(file, e.date, e.date);
    uidlist.push(`${i + 1} :${base},S=${e.data.length},W=${e.data.length}`);
  });
  writeFileSync(path.join(dir, 'dovecot-uidlist'), `3 V${uidValidity} N${sorted.length + 1}\n${uidlist.join('\n')}${uidlist.length ? '\n' : ''}`);
}

function clearMaildir(maildir: string, keep: string[] = []): void {
  if (!existsSync(maildir)) return;
  for (const name of readdirSync(maildir)) {
    if (keep.includes(name)) continue;
    rmSync(path.join(maildir, name), { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

export function writeDemoMail(mailDir: string, week: Week): number {
  const boxes = demoMail(week);
  const uidValidity = Math.floor(Date.parse(`${week.monday}T00:00:00Z`) / 1000);
  let n = 0;
  for (const a of ACCOUNTS) {
    const maildir = maildirOf(mailDir, a.email);
    clearMaildir(maildir, a.username === BENCHMARK_ACCOUNT ? [`.${BENCHMARK_FOLDER}`] : []);
    const placed = boxes.get(a.username) ?? [];
    const byFolder = new Map<string, Entry[]>(FOLDERS.map((f) => [f, []]));
    for (const p of placed) {
      const list = byFolder.get(p.folder) ?? [];
      list.push({ date: p.msg.date, data: buildMime(p.msg), flags: p.flags });
      byFolder.set(p.folder, list);
    }
    for (const [folder, entries] of byFolder) {
      writeFolder(maildir, folder, entries, uidValidity);
      n += entries.length;
    }
    const subs = [...byFolder.keys()].filter((f) => f !== 'INBOX');
    if (a.username === BENCHMARK_ACCOUNT) subs.push(BENCHMARK_FOLDER);
    // Dovecot's own format for Maildir++: on-disk names (modified UTF-7, '.' between levels).
    writeFileSync(path.join(maildir, 'subscriptions'), `${subs.map((f) => f.split('/').map(mutf7).join('.')).join('\n')}\n`);
  }
  // Hand the mailboxes to the mail uid; the benchmark folder (possibly 100k files) is already its own.
  const dirs = new Set<string>([mailDir]);
  const trees: string[] = [];
  for (const a of ACCOUNTS) {
    const maildir = maildirOf(mailDir, a.email);
    dirs.add(path.dirname(path.dirname(maildir))).add(path.dirname(maildir)).add(maildir);
    for (const name of readdirSync(maildir)) if (name !== `.${BENCHMARK_FOLDER}`) trees.push(path.join(maildir, name));
  }
  run('chown', [`${MAIL_UID}:${MAIL_GID}`, ...dirs]);
  if (trees.length) run('chown', ['-R', `${MAIL_UID}:${MAIL_GID}`, ...trees]);
  // The mail user's alone: no other local user reads a mailbox from the disk.
  chmodSync(mailDir, 0o700);
  return n;
}

// ---------- benchmark mailbox ----------

/** Fills the benchmark account's folder with `count` messages, straight into Maildir. */
export function writeBenchmarkMail(mailDir: string, count: number): { folder: string; count: number; ms: number } {
  const t0 = Date.now();
  const account = findAccount(BENCHMARK_ACCOUNT);
  if (!account) throw new Error('no benchmark account');
  const maildir = maildirOf(mailDir, account.email);
  const dir = folderDir(maildir, BENCHMARK_FOLDER);
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
  writeFileSync(path.join(dir, 'maildirfolder'), '');
  const r = rng(hashSeed(`bench:${count}`));
  const senders = [...ACCOUNTS.map(addrOf), ...EXTERNAL_SENDERS];
  const fromHeaders = senders.map(formatAddr);
  const subjects = TOPICS.map((t) => t.subject(1000, '2025'));
  const paragraphs = TOPICS.flatMap((t) => t.paragraphs);
  const to = formatAddr(addrOf(account));
  const start = Date.parse('2024-01-02T01:00:00Z');
  const span = 2 * 365 * 86400_000;
  const uidlist: string[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(start + Math.floor((i / Math.max(1, count)) * span) + Math.floor(r() * 3600_000));
    const si = Math.floor(r() * subjects.length);
    const subject = `${subjects[si] ?? ''} (#${i + 1})`;
    const body = [paragraphs[Math.floor(r() * paragraphs.length)], paragraphs[Math.floor(r() * paragraphs.length)], paragraphs[Math.floor(r() * paragraphs.length)]].join('\n\n');
    const msg =
      `Message-ID: <bench-${i + 1}@${MAIL_DOMAIN}>\r\nDate: ${rfc2822(date)}\r\nFrom: ${fromHeaders[Math.floor(r() * fromHeaders.length)] ?? ''}\r\nTo: ${to}\r\n` +
      `Subject: ${encodeWord(subject)}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
    const data = Buffer.from(msg, 'utf8');
    const base = `${Math.floor(date.getTime() / 1000)}.M${i + 1}P2.bench`;
    const file = path.join(dir, 'cur', `${base},S=${data.length},W=${data.length}:2,${r() < 0.7 ? 'S' : ''}`);
    writeFileSync(file, data);
    utimesSync(file, date, date);
    uidlist.push(`${i + 1} :${base},S=${data.length},W=${data.length}`);
  }
  writeFileSync(path.join(dir, 'dovecot-uidlist'), `3 V${Math.floor(start / 1000)} N${count + 1}\n${uidlist.join('\n')}${count ? '\n' : ''}`);
  run('chown', ['-R', `${MAIL_UID}:${MAIL_GID}`, dir]);
  // Make Dovecot notice the folder (its list index lives in the Maildir root).
  rmSync(path.join(maildir, 'dovecot.list.index'), { force: true });
  rmSync(path.join(maildir, 'dovecot.list.index.log'), { force: true });
  return { folder: BENCHMARK_FOLDER, count, ms: Date.now() - t0 };
}

/**
 * The seed on its own (into a scratch folder, no servers): deterministic,
 * parseable, and carrying the awkward cases the app must survive.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCalendars } from '../../stack/seed/calendar.ts';
import { writeFiles } from '../../stack/seed/files.ts';
import { maildirOf, mutf7, writeBenchmarkMail, writeDemoMail } from '../../stack/seed/mail.ts';
import { resolveWeek } from '../../stack/seed/util.ts';

const dirs: string[] = [];
function scratch(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'govdesk-seed-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

function treeHash(root: string): string {
  const h = createHash('sha256');
  for (const f of files(root)) h.update(path.relative(root, f)).update(readFileSync(f));
  return h.digest('hex');
}

function seedInto(root: string, day: string): { mail: number; cal: number; files: number } {
  const week = resolveWeek(day);
  return {
    mail: writeDemoMail(path.join(root, 'mail'), week),
    cal: writeCalendars(path.join(root, 'cal'), week),
    files: writeFiles(path.join(root, 'files'), week),
  };
}

describe('the seed', () => {
  it('finds the week of a day in Vietnam', () => {
    expect(resolveWeek('2025-03-12')).toEqual({ today: '2025-03-12', monday: '2025-03-10', todayIndex: 2 });
    expect(resolveWeek('2025-03-16')).toMatchObject({ monday: '2025-03-10', todayIndex: 6 });
    // 18:00 UTC on Sunday is already Monday in Vietnam.
    expect(resolveWeek(undefined, new Date('2025-03-16T18:00:00Z'))).toMatchObject({ today: '2025-03-17', monday: '2025-03-17' });
  });

  it('is deterministic: the same day gives the same bytes', () => {
    const a = scratch();
    const b = scratch();
    const ca = seedInto(a, '2025-03-12');
    const cb = seedInto(b, '2025-03-12');
    expect(ca).toEqual(cb);
    expect(ca.mail).toBeGreaterThan(300);
    expect(treeHash(a)).toBe(treeHash(b));
    const c = scratch();
    seedInto(c, '2025-04-09');
    expect(treeHash(c)).not.toBe(treeHash(a));
  });

  it('writes mail every message of which parses, with the legacy-charset and malformed ones', async () => {
    const root = scratch();
    const week = resolveWeek('2025-03-12');
    writeDemoMail(path.join(root, 'mail'), week);
    const maildir = maildirOf(path.join(root, 'mail'), 'anh.ntm@so-demo.invalid');
    const folders = readdirSync(maildir).filter((n) => n.startsWith('.'));
    expect(folders).toEqual(expect.arrayContaining(['.Sent', '.Drafts', '.Archive', '.Junk', '.Trash', `.${mutf7('Dự án')}.IOC`]));
    let legacy = '';
    let malformed = false;
    let threaded = 0;
    let attachments = 0;
    for (const f of files(maildir).filter((p) => p.includes(`${path.sep}cur${path.sep}`))) {
      const m = await simpleParser(readFileSync(f));
      if (m.messageId?.startsWith('<cp1258-')) legacy = `${m.subject ?? ''}\n${m.text ?? ''}`.normalize('NFC');
      if (m.messageId?.startsWith('<malformed-')) malformed = true;
      if (m.references) threaded++;
      attachments += m.attachments.length;
    }
    expect(legacy).toContain('Danh sách máy tính cần kiểm tra an toàn thông tin');
    expect(legacy).toContain('Kính gửi Phòng Công nghệ thông tin');
    expect(malformed).toBe(true);
    expect(threaded).toBeGreaterThan(3);
    expect(attachments).toBeGreaterThan(3);
  });

  it('writes calendars that parse, in Asia/Ho_Chi_Minh, with a weekly briefing and tasks', () => {
    const root = scratch();
    writeCalendars(root, resolveWeek('2025-03-12'));
    const all = files(path.join(root, 'collection-root')).filter((f) => f.endsWith('.ics'));
    let weekly = 0;
    let todos = 0;
    for (const f of all) {
      const comp = new ICAL.Component(ICAL.parse(readFileSync(f, 'utf8')));
      for (const ev of comp.getAllSubcomponents('vevent')) {
        const start = ev.getFirstProperty('dtstart');
        if (start?.getParameter('tzid')) expect(start.getParameter('tzid')).toBe('Asia/Ho_Chi_Minh');
        if (String(ev.getFirstPropertyValue('rrule') ?? '').includes('FREQ=WEEKLY')) weekly++;
      }
      todos += comp.getAllSubcomponents('vtodo').filter((t) => t.getFirstPropertyValue('due')).length;
    }
    expect(weekly).toBeGreaterThanOrEqual(1);
    expect(todos).toBeGreaterThan(10);
    const agency = all.filter((f) => f.includes(`${path.sep}agency${path.sep}lich-cong-tac${path.sep}`));
    expect(agency.length).toBeGreaterThanOrEqual(10);
    expect(agency.some((f) => /^URL:https:\/\/(zoom\.us|teams\.microsoft\.com|meet\.)/m.test(readFileSync(f, 'utf8')))).toBe(true);
    // Every agency entry carries the columns Govdesk reads: the preparing unit always, chair or participants.
    for (const f of agency) {
      const ev = new ICAL.Component(ICAL.parse(readFileSync(f, 'utf8'))).getFirstSubcomponent('vevent')!;
      expect(String(ev.getFirstPropertyValue('x-govdesk-preparing-unit') ?? ''), f).not.toBe('');
      expect(String(ev.getFirstPropertyValue('x-govdesk-review') ?? ''), f).toMatch(/^(confirmed|tentative)$/);
    }
  });

  it('fills the benchmark folder in date order', () => {
    const root = scratch();
    const r = writeBenchmarkMail(path.join(root, 'mail'), 2000);
    expect(r.count).toBe(2000);
    const dir = path.join(maildirOf(path.join(root, 'mail'), 'kiemthu@so-demo.invalid'), '.Benchmark');
    const uidlist = readFileSync(path.join(dir, 'dovecot-uidlist'), 'utf8').trim().split('\n');
    expect(uidlist).toHaveLength(2001);
    const times = uidlist.slice(1).map((l) => Number(l.split(' :')[1]?.split('.')[0]));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });
});

// A signed-in account's data folder as the host opens it, written straight to
// disk for the cold-start benchmark (no server involved): the app database
// with the account and its sealed refresh token (the host's key-file store,
// as in development and tests), and the account's cache holding 100,000
// mails, a year of events and tasks, and 10,000 documents. The organization's
// servers point at a closed port, so the host starts offline, from the cache,
// as a person's app does on a train. Load after bench/sql-loader.mjs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountId, Vault } from '../electron/core/auth/vault';
import { openAccountCache } from '../electron/core/auth/account-cache';
import { CalendarStore } from '../electron/core/calendar/store';
import { linkMatcher } from '../electron/core/calendar/meeting-links';
import { organizationSchema, type OrganizationConfig } from '../electron/core/config/organization';
import { APP_DB_FILE } from '../electron/core/core';
import { appMigrations } from '../electron/core/db/migrations/app';
import { migrate } from '../electron/core/db/migrate';
import { openDatabase, type Db } from '../electron/core/db/open';
import { benchDocument } from './document-fixture';
import { DocumentStore } from '../electron/core/documents/store';
import { silentLogger } from '../electron/core/log';
import { createMailFeature } from '../electron/core/mail/service';
import type { HeaderRecord } from '../electron/core/mail/store';
import { keyFileSecrets, nodePlatform, noSecrets, type Platform } from '../electron/core/platform';
import type { AccountContext } from '../electron/core/account';
import { rng } from '../test/stack/seed/util';
import { contextOver } from './account';
import { log } from './report';

const DAY = 86_400_000;
/** Nothing listens here: every server of the organization is unreachable, fast. */
const CLOSED = 'http://127.0.0.1:1';

export const ME = { username: 'anh.ntm', email: 'anh.ntm@so-demo.invalid', name: 'Nguyễn Thị Mai Anh', unitId: 'phong-cntt', unitName: 'Phòng Công nghệ thông tin' };

export const benchOrganization: OrganizationConfig = organizationSchema.parse({
  id: 'so-demo',
  name: 'Sở Thông tin và Truyền thông tỉnh Demo',
  oidc: { issuer: CLOSED, clientId: 'govdesk-desktop', scopes: ['openid', 'offline_access'] },
  mail: { imap: { host: '127.0.0.1', port: 1, secure: false }, smtp: { host: '127.0.0.1', port: 1, secure: false } },
  calendar: { caldavUrl: `${CLOSED}/caldav/` },
  documents: { apiUrl: `${CLOSED}/documents/` },
});

export interface TodayCache {
  dataDir: string;
  orgFile: string;
  counts: { mails: number; events: number; tasks: number; documents: number; toProcess: number };
}

/** The bench account's context over its cache (no server answers it: no tokens either). */
export function benchContext(db: Db, platform: Platform): AccountContext {
  return contextOver(db, platform, { email: ME.email, name: ME.name, organization: benchOrganization, tokens: { accessToken: async () => 'none', renew: async () => 'none' } });
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');

function signedIn(dataDir: string): string {
  const app = openDatabase(join(dataDir, APP_DB_FILE));
  migrate(app, appMigrations);
  const profile = { id: accountId(benchOrganization.id, ME.username), orgId: benchOrganization.id, subject: ME.username, email: ME.email, name: ME.name, unit: ME.unitName };
  // The host's own store for development and tests (NODE_ENV=test), so it unseals this at start.
  const vault = new Vault(app, keyFileSecrets(dataDir, { NODE_ENV: 'test' }), silentLogger);
  if (!vault.save(profile, 'bench-refresh-token', Date.now())) throw new Error('the key-file store did not seal the refresh token');
  app.close();
  return profile.id;
}

async function fillMail(db: Db, dataDir: string, count: number, now: number): Promise<void> {
  const feature = createMailFeature(benchContext(db, nodePlatform({ userData: dataDir, secrets: noSecrets })));
  const { store, indexer } = feature.parts;
  store.syncFolders([
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
    { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: 'sent', subscribed: true },
    { path: 'Archive', name: 'Lưu trữ', delimiter: '/', specialUse: 'archive', subscribed: true },
  ]);
  const folders = ['INBOX', 'Sent', 'Archive'].map((p) => store.folderState(p)!.id);
  const r = rng(20261207);
  const people = Array.from({ length: 80 }, (_, i) => ({ name: `Cán bộ ${i + 1}`, address: `cb${i + 1}@so-demo.invalid` }));
  const subjects = ['Báo cáo kết quả thực hiện kế hoạch', 'Giấy mời họp giao ban', 'V/v triển khai chuyển đổi số', 'Công văn đôn đốc thực hiện nhiệm vụ', 'Kế hoạch kiểm tra công tác văn thư'];
  const uids = new Map<number, number>();
  const batches = new Map<number, HeaderRecord[]>();
  for (let i = 0; i < count; i++) {
    // Newest last, over two years; the last few hundred are unread in the Inbox.
    const date = Math.floor(now - 2 * 365 * DAY + (i / count) * (2 * 365 * DAY - 3_600_000));
    const folder = folders[i % 10 === 0 ? 1 : i % 3 === 0 ? 2 : 0]!;
    const uid = (uids.get(folder) ?? 0) + 1;
    uids.set(folder, uid);
    const from = folder === folders[1] ? { name: ME.name, address: ME.email } : people[Math.floor(r() * people.length)]!;
    const h: HeaderRecord = {
      uid,
      messageId: `<m${i}@so-demo.invalid>`,
      inReplyTo: null,
      references: [],
      subject: `${subjects[i % subjects.length]} (${i})`,
      from: [from],
      to: [{ name: ME.name, address: ME.email }],
      cc: [],
      date,
      flags: i > count - 300 && r() < 0.6 ? [] : ['\\Seen'],
      size: 4000,
      hasAttachments: r() < 0.1,
      modseq: null,
    };
    const batch = batches.get(folder) ?? [];
    batch.push(h);
    batches.set(folder, batch);
    if (batch.length >= 5000) {
      store.upsertHeaders(folder, batch);
      batches.set(folder, []);
    }
  }
  for (const [folder, batch] of batches) if (batch.length) store.upsertHeaders(folder, batch);
  // A cache a person has used is indexed: the host must not start by indexing it.
  // (Its worker thread and the stop's grace timer are unref'd: an interval keeps this process waiting for them.)
  const alive = setInterval(() => undefined, 1000);
  indexer.kick();
  await indexer.idle();
  await feature.stop();
  clearInterval(alive);
}

function fillCalendar(db: Db, now: number): { events: number; tasks: number } {
  const store = new CalendarStore(db, { now: () => now, links: linkMatcher({}), defaultZone: 'Asia/Ho_Chi_Minh', userEmail: ME.email });
  store.ensureWindow();
  const cal = store.upsertCalendar({ url: `${CLOSED}/caldav/anh/lich/`, kind: 'event', displayName: 'Lịch', color: null, writable: true, components: ['VEVENT'] });
  const todo = store.upsertCalendar({ url: `${CLOSED}/caldav/anh/cong-viec/`, kind: 'task', displayName: 'Công việc', color: null, writable: true, components: ['VTODO'] });
  const r = rng(17);
  let events = 0;
  let tasks = 0;
  for (let i = 0; i < 2500; i++, events++) {
    const start = Math.floor(now - 180 * DAY + r() * 365 * DAY);
    store.putObject({ calendarId: cal, href: `/e${i}.ics`, etag: '"1"', raw: ics('BEGIN:VEVENT', `UID:e${i}`, `DTSTART:${utc(start)}`, 'DURATION:PT1H', `SUMMARY:Họp ${i}`,
      ...(i % 2 === 0 ? ['BEGIN:VALARM', `UID:a${i}`, 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'DESCRIPTION:x', 'END:VALARM'] : []), 'END:VEVENT') });
  }
  for (let i = 0; i < 30; i++, events++) {
    const start = Math.floor(now - 180 * DAY + r() * 30 * DAY);
    store.putObject({ calendarId: cal, href: `/r${i}.ics`, etag: '"1"', raw: ics('BEGIN:VEVENT', `UID:r${i}`, `DTSTART:${utc(start)}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=52', `SUMMARY:Giao ban ${i}`,
      'BEGIN:VALARM', `UID:ra${i}`, 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT') });
  }
  // Today's own meetings, so the agenda has something to paint at any hour.
  for (let i = 0; i < 4; i++, events++) {
    const start = now + (i - 1) * 2 * 3_600_000;
    store.putObject({ calendarId: cal, href: `/today${i}.ics`, etag: '"1"', raw: ics('BEGIN:VEVENT', `UID:today${i}`, `DTSTART:${utc(start)}`, 'DURATION:PT1H', `SUMMARY:Họp hôm nay ${i + 1}`, 'END:VEVENT') });
  }
  for (let i = 0; i < 2000; i++, tasks++) {
    const due = Math.floor(now - 180 * DAY + r() * 365 * DAY);
    // Done as they fell due, but for a few late ones; the coming ones are open.
    const open = due > now || i % 100 === 0;
    store.putObject({ calendarId: todo, href: `/t${i}.ics`, etag: '"1"', raw: ics('BEGIN:VTODO', `UID:t${i}`, `DUE:${utc(due)}`, `SUMMARY:Việc ${i}`, open ? 'STATUS:NEEDS-ACTION' : 'STATUS:COMPLETED', 'END:VTODO') });
  }
  return { events, tasks };
}

/** 10,000 documents over a year; like a working cache, most are finished and the last month's wait for the user. */
function fillDocuments(db: Db, count: number, now: number): number {
  const store = new DocumentStore(db);
  const me = { username: ME.username, role: 'specialist' as const, unitId: ME.unitId };
  store.setMeta('me', JSON.stringify({ ...me, name: ME.name, unitName: ME.unitName }));
  const subjects = ['V/v triển khai Kế hoạch chuyển đổi số', 'V/v báo cáo tình hình thực hiện nhiệm vụ', 'V/v tăng cường an toàn thông tin mạng', 'Kế hoạch kiểm tra công tác văn thư, lưu trữ', 'Giấy mời họp giao ban'];
  let open = 0;
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = now - Math.floor((i / count) * 365 * DAY);
      const iso = new Date(at).toISOString();
      const due = new Date(at + 7 * DAY).toISOString().slice(0, 10);
      // The newest 2 % wait for the user (a working month's worth), a few of them late.
      const waiting = i < count / 50;
      if (waiting) open++;
      const doc = benchDocument({ i, iso, typeName: 'Công văn', subject: `${subjects[i % subjects.length]} (số ${i + 1})`, due, assignee: { username: me.username, name: ME.name }, waiting });
      store.put(doc, doc, me, true);
    }
  });
  return open;
}

export async function fillTodayCache(dataDir: string, opts: { mails?: number; documents?: number; now?: number } = {}): Promise<TodayCache> {
  const now = opts.now ?? Date.now();
  const mails = opts.mails ?? 100_000;
  const documents = opts.documents ?? 10_000;
  const orgFile = join(dataDir, 'organization.json');
  writeFileSync(orgFile, JSON.stringify(benchOrganization));
  const id = signedIn(dataDir);
  const db = openAccountCache(dataDir, id);
  let t = performance.now();
  await fillMail(db, dataDir, mails, now);
  log(`${mails} mails cached and indexed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const { events, tasks } = fillCalendar(db, now);
  log(`${events} events and ${tasks} tasks in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const toProcess = fillDocuments(db, documents, now);
  log(`${documents} documents (${toProcess} to process) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dataDir, orgFile, counts: { mails, events, tasks, documents, toProcess } };
}

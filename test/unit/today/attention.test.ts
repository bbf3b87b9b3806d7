// The icon's badge and Today's count say the same thing: what needs the user
// (electron/core/today/attention.ts), counted by one function in the core.
import { afterEach, describe, expect, it } from 'vitest';
import type { TodayView } from '../../../shared/today';
import { createCore, type Core } from '../../../electron/core/core';
import { CalendarStore } from '../../../electron/core/calendar/store';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { silentLogger } from '../../../electron/core/log';
import { MailStore } from '../../../electron/core/mail/store';
import { nodePlatform } from '../../../electron/core/platform';
import { tempDir } from '../core/helpers';
import { FakeClock, FakeIdp, fakeBrowser } from '../auth/fakes';
import { header } from '../mail/helpers';

const ORG = { id: 'so-demo', name: 'Sở Demo', oidc: { issuer: 'http://127.0.0.1:1', clientId: 'govdesk-desktop', scopes: ['openid'] } };
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

async function signedIn() {
  const dir = tempDir();
  cleanup.push(dir.remove);
  // 2026-01-05 08:00 in Hà Nội
  const clock = new FakeClock();
  const badges: number[] = [];
  const platform = nodePlatform({ userData: dir.path, clock, openExternal: fakeBrowser().openExternal, setBadge: (n) => badges.push(n) });
  const core: Core = createCore(platform, { organization: ORG, logger: silentLogger, auth: { oidc: new FakeIdp(clock) } });
  cleanup.push(() => core.close());
  expect((await core.call('auth.signIn', {})).ok).toBe(true);
  await clock.advance(1);
  const db = core.account()!.db;
  const today = async () => {
    const r = await core.call('today.get', {});
    if (!r.ok) throw new Error(r.error.code);
    return r.result as TodayView;
  };
  return { core, clock, db, badges, today };
}

describe('what needs attention', () => {
  it('the badge counts what Today counts: unread Inbox mail, overdue tasks and refused work, not what is merely due or waiting', async () => {
    const { core, clock, db, badges, today } = await signedIn();
    // Three unread in the Inbox (one from someone the user never wrote to), one read.
    const mail = new MailStore(db, clock.now);
    mail.syncFolders([{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
    const inbox = mail.folderState('INBOX')!.id;
    mail.upsertHeaders(inbox, [header({ uid: 1 }), header({ uid: 2 }), header({ uid: 3, from: [{ name: 'Lạ', address: 'stranger@other.invalid' }] }), header({ uid: 4, flags: ['\\Seen'] })]);
    // A task list with a task overdue since yesterday, one due this afternoon, and one next week whose write the server refused.
    const calendars = new CalendarStore(db, { now: clock.now, links: linkMatcher({}), defaultZone: 'Asia/Ho_Chi_Minh' });
    const list = calendars.upsertCalendar({ url: 'http://dav/nhung/viec/', kind: 'task', displayName: 'Việc', color: null, writable: true, components: ['VTODO'] });
    const task = async (summary: string, due: string) => {
      const r = await core.call('calendar.createTask', { calendarId: list, summary, due, reminderMinutesBefore: null });
      expect(r.ok ? null : r.error).toBeNull();
    };
    await task('Báo cáo quý', '2026-01-04T17:00');
    await task('Họp giao ban', '2026-01-05T15:00');
    await task('Kế hoạch năm', '2026-01-12T09:00');
    db.prepare(`UPDATE outbox SET state = 'refused', error_code = 'calendar.forbidden' WHERE seq = (SELECT MAX(seq) FROM outbox)`).run();
    await clock.advance(1_000);

    const view = await today();
    // 3 unread + 1 overdue task + 1 refused change
    expect(view.attention).toBe(5);
    expect(badges.at(-1)).toBe(view.attention);

    // Reading a message lowers both; the flag waiting to reach the server counts for nothing.
    expect((await core.call('mail.setFlags', { ids: [mail.idByUid(inbox, 1)!], add: ['\\Seen'] })).ok).toBe(true);
    await clock.advance(1_000);
    expect((await today()).attention).toBe(4);
    expect(badges.at(-1)).toBe(4);
  });

  it('signed out, the badge shows nothing', async () => {
    const { core, clock, db, badges } = await signedIn();
    const mail = new MailStore(db, clock.now);
    mail.syncFolders([{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
    mail.upsertHeaders(mail.folderState('INBOX')!.id, [header({ uid: 1 })]);
    expect((await core.call('settings.set', { language: 'en' })).ok).toBe(true);
    await clock.advance(1_000);
    expect(badges.at(-1)).toBe(1);
    expect((await core.call('auth.signOut', {})).ok).toBe(true);
    await clock.advance(1_000);
    expect(badges.at(-1)).toBe(0);
  });
});

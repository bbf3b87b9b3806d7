// Calendar benchmark (BENCH.md format; figures on stdout, progress on stderr):
//   calendar.initial_sync_s    a fresh cache pulling a year of events (several
//                              thousand, with recurrences) from the stack's CalDAV
//   calendar.week_view.p95_ms  calendar.range for a week, through the call's
//   calendar.month_view.p95_ms schema and handler, on that synced cache (target < 20)
// Run: npx tsx bench/calendar.bench.ts   (uses the running demo stack; without
// it, the views are measured on a locally filled cache and the sync is skipped).
import { register } from 'node:module';
import type { AccountContext } from '../electron/core/account';
import type { CalendarFeature } from '../electron/core/calendar/service';
import { rng } from '../test/stack/seed/util';
import { emit, log, percentile } from './report';

register('./sql-loader.mjs', import.meta.url);

const { createCalendarFeature } = await import('../electron/core/calendar/service.ts');
const { CalDavClient } = await import('../electron/core/calendar/client.ts');
const { organizationSchema } = await import('../electron/core/config/organization.ts');
const { silentLogger } = await import('../electron/core/log.ts');
const { calls } = await import('../shared/api.ts');
const { benchAccount } = await import('./account.ts');
const { addDays, msToDateKey } = await import('../electron/core/calendar/zones.ts');
const { mondayOf } = await import('../electron/core/calendar/week-schedule.ts');

const BENCH_CALENDAR = 'bench-nam/';
const WARMUP = 50;
const SAMPLES = 500;

// ---- a deterministic year of events ----

const pad = (n: number) => String(n).padStart(2, '0');
const local = (date: string, minutes: number) => `${date.replaceAll('-', '')}T${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}00`;
const TOPICS = ['Họp giao ban', 'Làm việc với Sở Tài chính', 'Tiếp công dân', 'Hội nghị trực tuyến', 'Duyệt báo cáo', 'Kiểm tra hạ tầng CNTT', 'Tập huấn chuyển đổi số'];

function yearOfEvents(firstMonday: string): string[] {
  const rnd = rng(20251124);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const weekday = () => addDays(firstMonday, Math.floor(rnd() * 52) * 7 + Math.floor(rnd() * 5));
  const out: string[] = [];
  const vevent = (uid: string, lines: string[], overrides: string[][] = []) =>
    out.push(['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', ...lines, 'END:VEVENT', ...overrides.flatMap((o) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', ...o, 'END:VEVENT'])].join('\r\n'));
  for (let i = 0; i < 3000; i++) {
    const start = 7 * 60 + Math.floor(rnd() * 20) * 30;
    const lines = [`DTSTART;TZID=Asia/Ho_Chi_Minh:${local(weekday(), start)}`, `DURATION:PT${30 + Math.floor(rnd() * 6) * 30}M`, `SUMMARY:${pick(TOPICS)} ${i}`, 'LOCATION:Phòng họp tầng 3'];
    if (i % 10 === 0) lines.push(`DESCRIPTION:Tham gia: https://meet.so-demo.invalid/bench${i}`);
    if (i % 3 === 0) lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'DESCRIPTION:Nhắc', 'END:VALARM');
    vevent(`bench-single-${i}`, lines);
  }
  for (let i = 0; i < 330; i++) {
    const first = weekday();
    const start = 7 * 60 + Math.floor(rnd() * 18) * 30;
    const rule =
      i < 250 ? `FREQ=WEEKLY${i % 5 === 0 ? '' : `;COUNT=${10 + Math.floor(rnd() * 42)}`}` : i < 300 ? `FREQ=DAILY;COUNT=${20 + Math.floor(rnd() * 80)}` : 'FREQ=MONTHLY;COUNT=12';
    const lines = [`DTSTART;TZID=Asia/Ho_Chi_Minh:${local(first, start)}`, 'DURATION:PT1H', `RRULE:${rule}`, `SUMMARY:${pick(TOPICS)} định kỳ ${i}`];
    const overrides: string[][] = [];
    const step = rule.startsWith('FREQ=DAILY') ? 1 : 7;
    if (i % 3 === 0) lines.push(`EXDATE;TZID=Asia/Ho_Chi_Minh:${local(addDays(first, step * 2), start)}`);
    if (i % 3 === 1 && !rule.startsWith('FREQ=MONTHLY')) {
      overrides.push([`RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:${local(addDays(first, step), start)}`, `DTSTART;TZID=Asia/Ho_Chi_Minh:${local(addDays(first, step), start + 120)}`, 'DURATION:PT1H', `SUMMARY:Dời buổi ${i}`]);
    }
    vevent(`bench-recurring-${i}`, lines, overrides);
  }
  for (let i = 0; i < 150; i++) {
    const d = weekday();
    vevent(`bench-allday-${i}`, [`DTSTART;VALUE=DATE:${d.replaceAll('-', '')}`, `DTEND;VALUE=DATE:${addDays(d, 1 + (i % 3)).replaceAll('-', '')}`, `SUMMARY:Công tác ${i}`]);
  }
  return out;
}

const calendarBody = (events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Govdesk//bench//VI', ...events, 'END:VCALENDAR', ''].join('\r\n');

// ---- a device: a fresh cache for one account ----

function deviceFor(org: unknown, email: string, tokens: AccountContext['tokens']) {
  const { ctx, db, remove } = benchAccount('cal', { email, name: 'Kiểm thử', organization: organizationSchema.parse(org), tokens });
  return { feature: createCalendarFeature(ctx), close: () => (db.close(), remove()) };
}

async function measureViews(feature: CalendarFeature, firstMonday: string, note: string): Promise<void> {
  const rnd = rng(7);
  const range = feature.handlers['calendar.range'];
  const week = () => {
    const from = addDays(firstMonday, Math.floor(rnd() * 52) * 7);
    return { from, to: addDays(from, 7) };
  };
  const month = () => {
    // A month grid: the Monday on or before the 1st, six weeks.
    const first = `${addDays(firstMonday, 7 + Math.floor(rnd() * 320)).slice(0, 7)}-01`;
    const from = mondayOf(first);
    return { from, to: addDays(from, 42) };
  };
  for (const [metric, make] of [['calendar.week_view', week], ['calendar.month_view', month]] as const) {
    const times: number[] = [];
    let items = 0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const params = make();
      const t0 = performance.now();
      // As the rpc gate does: the contract's schema, then the handler.
      const result = await range(calls['calendar.range'].params.parse(params));
      const dt = performance.now() - t0;
      if (i >= WARMUP) {
        times.push(dt);
        items += result.length;
      }
    }
    times.sort((a, b) => a - b);
    const n = times.length;
    const detail = `${note}; avg ${Math.round(items / n)} occurrences per view`;
    emit(`${metric}.p50_ms`, percentile(times, 50), 'ms', n, detail);
    emit(`${metric}.p95_ms`, percentile(times, 95), 'ms', n, detail);
  }
}

async function withStack(): Promise<boolean> {
  let stackMod: typeof import('../test/stack/stack-json.ts');
  let stack: ReturnType<typeof stackMod.readStackJson>;
  try {
    stackMod = await import('../test/stack/stack-json.ts');
    stack = stackMod.readStackJson();
  } catch (err) {
    log(`no demo stack (${(err as Error).message}): views on a local cache only, no initial sync figure`);
    return false;
  }
  const { signIn, refresh } = await import('../test/stack/login.ts');
  const username = stack.benchmark.username;
  const account = stackMod.accountOf(stack, username);
  let t = await signIn(stack, username);
  const tokens: AccountContext['tokens'] = {
    accessToken: async () => t.accessToken,
    renew: async () => ((t = await refresh(stack, t.refreshToken)), t.accessToken),
  };

  // The year lies around today so that it sits inside the cache's expansion window.
  const firstMonday = mondayOf(msToDateKey(Date.now() - 182 * 86_400_000));
  const events = yearOfEvents(firstMonday);
  const client = new CalDavClient({ serverUrl: stack.organization.calendar.caldavUrl, tokens, log: silentLogger });
  const { homeUrl } = await client.discover();
  const url = new URL(BENCH_CALENDAR, homeUrl).toString();
  const present = await client.listEtags(url).then(
    (m) => m.size,
    () => -1, // not there yet
  );
  const marker = `X-GOVDESK-BENCH-YEAR:${firstMonday}`;
  const fresh = present === events.length && (await client.multiget(url, [`${new URL(url).pathname}bench-single-0.ics`]))[0]?.data.includes(marker.split(':')[1]!);
  if (!fresh) {
    log(`seeding ${events.length} events into ${url} (one PUT of the whole collection)`);
    const body = calendarBody(events.map((e, i) => (i === 0 ? e.replace('END:VEVENT', `${marker}\r\nEND:VEVENT`) : e)));
    const res = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${await tokens.accessToken('calendar')}`, 'content-type': 'text/calendar; charset=utf-8' }, body });
    if (!res.ok) throw new Error(`seeding failed: PUT ${res.status} ${(await res.text()).slice(0, 300)}`);
  } else log(`${events.length} events already on the server`);

  // The raw protocol on the same data, for the ratio (BENCH.md): discovery,
  // then sync-collection and calendar-multiget in the same batches, nothing
  // stored. Run once unmeasured first: Radicale's own cache is cold after a
  // seed, and whichever pass came first would pay for it.
  const rawPass = async (): Promise<{ seconds: number; objects: number }> => {
    const r0 = performance.now();
    let objects = 0;
    const agencyUrl = stack.organization.calendar.agencyCalendarUrl;
    for (const c of [...(await client.discover()).calendars.map((x) => x.url), agencyUrl]) {
      const delta = await client.syncCollection(c, '');
      for (let i = 0; i < delta.changed.length; i += 200) objects += (await client.multiget(c, delta.changed.slice(i, i + 200).map((x) => x.href))).length;
    }
    return { seconds: (performance.now() - r0) / 1000, objects };
  };
  await rawPass();
  const { seconds: rawSeconds, objects: rawObjects } = await rawPass();

  const device = deviceFor(stack.organization, account.email, tokens);
  try {
    const t0 = performance.now();
    await device.feature.syncNow();
    const seconds = (performance.now() - t0) / 1000;
    const objects = device.feature.store.calendars().reduce((n, c) => n + device.feature.store.etags(c.id).size, 0);
    emit('calendar.initial_sync_s', seconds, 's', 1, `${objects} objects in ${device.feature.store.calendars().length} calendars (${events.length} in the benchmark calendar: 3000 single, 330 recurring with EXDATEs and overrides, 150 all-day) from Radicale behind Apache, fresh cache`);
    emit('calendar.initial_sync.raw_protocol_s', rawSeconds, 's', 1, `${rawObjects} objects fetched with sync-collection + calendar-multiget, nothing parsed or stored`);
    emit('calendar.initial_sync.ratio', seconds / rawSeconds, 'ratio', 1, 'initial sync / raw protocol, same run');
    await measureViews(device.feature, firstMonday, `synced cache of ${objects} objects, a year around today`);
  } finally {
    device.close();
  }
  return true;
}

async function localOnly(): Promise<void> {
  const firstMonday = mondayOf(msToDateKey(Date.now() - 182 * 86_400_000));
  const org = { id: 'bench', name: 'Bench', oidc: { issuer: 'http://127.0.0.1:1', clientId: 'x', scopes: ['openid'] }, calendar: { caldavUrl: 'http://127.0.0.1:1/caldav/' } };
  const device = deviceFor(org, 'bench@so-demo.invalid', { accessToken: async () => '', renew: async () => '' });
  try {
    const store = device.feature.store;
    store.ensureWindow();
    const cal = store.upsertCalendar({ url: 'http://127.0.0.1:1/caldav/bench/', kind: 'event', displayName: 'Bench', color: null, writable: true, components: ['VEVENT'] });
    yearOfEvents(firstMonday).forEach((e, i) => store.putObject({ calendarId: cal, href: `/bench/${i}.ics`, etag: `"${i}"`, raw: calendarBody([e]) }));
    await measureViews(device.feature, firstMonday, 'local cache filled without the stack, a year around today');
  } finally {
    device.close();
  }
}

if (!(await withStack())) await localOnly();

// Reminders and Today benchmark (BENCH.md format; figures on stdout, progress on stderr):
//   reminders.next_ms.p50/p95  the engine's next firing over every source (target < 5),
//                              on a cache holding a year of events with alarms and a year of tasks
//   today.core.p50/p95_ms      the core's share of Today (today.get's work: every section)
// Not measured yet: app.cold_start_today_ms (the host to Today painted in Chromium over
// 100,000 mails and 10,000 documents) — it needs the mail and documents fillers.
// Run: npx tsx bench/today.bench.ts   (local cache only; no stack needed)
import { register } from 'node:module';
import { emit, log, percentile } from './report';

register('./sql-loader.mjs', import.meta.url);

const { accountMigrations } = await import('../electron/core/db/migrations/account/index.ts');
const { migrate } = await import('../electron/core/db/migrate.ts');
const { openDatabase } = await import('../electron/core/db/open.ts');
const { CalendarStore } = await import('../electron/core/calendar/store.ts');
const { linkMatcher } = await import('../electron/core/calendar/meeting-links.ts');
const { calendarAlarmSource, taskDueSource } = await import('../electron/core/calendar/reminder-sources.ts');
const { ianaZone } = await import('../electron/core/calendar/zones.ts');
const { ReminderEngine } = await import('../electron/core/reminders/engine.ts');
const { todayView } = await import('../electron/core/today/service.ts');
const { agendaSource, tasksSource } = await import('../electron/core/today/sources.ts');

const WARMUP = 50;
const SAMPLES = 500;
const HANOI = ianaZone('Asia/Ho_Chi_Minh')!;
const now = Date.now();
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');

const db = openDatabase(':memory:');
migrate(db, accountMigrations);
const store = new CalendarStore(db, { now: () => now, links: linkMatcher({}), defaultZone: 'Asia/Ho_Chi_Minh', userEmail: 'anh.ntm@so-demo.invalid' });
store.ensureWindow();
const cal = store.upsertCalendar({ url: 'http://dav/anh/lich/', kind: 'event', displayName: 'Lịch', color: null, writable: true, components: ['VEVENT'] });
const todo = store.upsertCalendar({ url: 'http://dav/anh/cong-viec/', kind: 'task', displayName: 'Công việc', color: null, writable: true, components: ['VTODO'] });

log('filling a year of events and tasks');
const DAY = 86_400_000;
let seed = 17;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const t0 = performance.now();
for (let i = 0; i < 4000; i++) {
  const start = Math.floor(now - 180 * DAY + rnd() * 365 * DAY);
  store.putObject({ calendarId: cal, href: `/e${i}.ics`, etag: '"1"', raw: ics('BEGIN:VEVENT', `UID:e${i}`, `DTSTART:${utc(start)}`, 'DURATION:PT1H', `SUMMARY:Họp ${i}`,
    ...(i % 2 === 0 ? ['BEGIN:VALARM', `UID:a${i}`, 'ACTION:DISPLAY', 'TRIGGER:-PT15M', 'DESCRIPTION:x', 'END:VALARM'] : []), 'END:VEVENT') });
}
for (let i = 0; i < 300; i++) {
  const start = Math.floor(now - 180 * DAY + rnd() * 30 * DAY);
  store.putObject({ calendarId: cal, href: `/r${i}.ics`, etag: '"1"', raw: ics('BEGIN:VEVENT', `UID:r${i}`, `DTSTART:${utc(start)}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=52', `SUMMARY:Giao ban ${i}`,
    'BEGIN:VALARM', `UID:ra${i}`, 'ACTION:DISPLAY', 'TRIGGER:-PT10M', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT') });
}
for (let i = 0; i < 2000; i++) {
  const due = Math.floor(now - 180 * DAY + rnd() * 365 * DAY);
  store.putObject({ calendarId: todo, href: `/t${i}.ics`, etag: '"1"', raw: ics('BEGIN:VTODO', `UID:t${i}`, `DUE:${utc(due)}`, `SUMMARY:Việc ${i}`, 'STATUS:NEEDS-ACTION', 'END:VTODO') });
}
const alarms = (db.prepare('SELECT COUNT(*) AS n FROM cal_alarms').get() as { n: number }).n;
log(`filled in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${alarms} alarm firings`);

const feature = {
  store,
  reminders: { due: (f: number, t: number) => store.alarmsBetween(f, t), acknowledge: () => undefined, snooze: () => undefined },
};
const sources = [calendarAlarmSource(() => feature), taskDueSource(() => feature, HANOI, () => '07:30')];
const engine = new ReminderEngine({
  db, clock: { now: () => now, setTimer: () => () => undefined }, sources, notify: () => undefined, onChange: () => undefined, onOpen: () => undefined,
  quietHours: () => ({ enabled: false, start: '22:00', end: '06:30' }), workDayStart: () => '07:30', language: () => 'vi', zone: HANOI,
});

function measure(fn: () => void): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = performance.now();
    fn();
    out.push(performance.now() - s);
  }
  return out.sort((a, b) => a - b);
}

const note = `${alarms} alarm firings (4300 events, 300 weekly series), 2000 tasks, a year`;
const next = measure(() => void engine.nextFiring(now));
emit('reminders.next_ms.p50', percentile(next, 50), 'ms', SAMPLES, note);
emit('reminders.next_ms.p95', percentile(next, 95), 'ms', SAMPLES, note);

const todaySources = [agendaSource(() => feature as never, () => 'anh.ntm@so-demo.invalid'), tasksSource(() => feature as never)];
const today = measure(() => void todayView(todaySources, HANOI, now));
emit('today.core.p50_ms', percentile(today, 50), 'ms', SAMPLES, `${note}; agenda and tasks sections`);
emit('today.core.p95_ms', percentile(today, 95), 'ms', SAMPLES, `${note}; agenda and tasks sections`);

if (process.env.BENCH_DETAIL) {
  for (const s of sources) {
    const xs = measure(() => void s.due(now + 1, now + 6 * 3_600_000));
    log(`${s.id}: p50 ${percentile(xs, 50).toFixed(2)} p95 ${percentile(xs, 95).toFixed(2)}`);
  }
}
db.close();

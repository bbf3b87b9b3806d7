import { accountMigrations } from '../../../electron/core/db/migrations/account';
import { migrate } from '../../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import { linkMatcher } from '../../../electron/core/calendar/meeting-links';
import { CalendarStore } from '../../../electron/core/calendar/store';

/** A manual clock: tests move time by hand, never sleep. */
export function manualClock(start: number) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms), advance: (ms: number) => void (t += ms) };
}

export function memoryDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db, accountMigrations);
  return db;
}

export function testStore(db: Db, now: () => number): CalendarStore {
  return new CalendarStore(db, { now, links: linkMatcher({ baseUrl: 'https://meet.so-demo.invalid' }), defaultZone: 'Asia/Ho_Chi_Minh' });
}

export const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');

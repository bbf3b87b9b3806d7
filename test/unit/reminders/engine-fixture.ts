// A reminder engine for a test: the database, clock and sources the test is
// about; quiet hours off, work from 07:30, Vietnamese and Vietnam's zone
// unless it says otherwise; and what the engine told the user (notices) and
// the window ("Open").
import { ianaZone, type Zone } from '../../../electron/core/calendar/zones';
import type { Db } from '../../../electron/core/db/open';
import type { Clock, Notice } from '../../../electron/core/platform';
import type { QuietHours } from '../../../electron/core/reminders/clock-times';
import { ReminderEngine } from '../../../electron/core/reminders/engine';
import type { ReminderSource } from '../../../electron/core/reminders/source';
import type { ReminderOpen } from '../../../shared/reminders';
import type { Language } from '../../../shared/settings';

export interface TestEngineOptions {
  db: Db;
  clock: Clock;
  sources?: readonly ReminderSource[];
  quiet?: QuietHours;
  workDayStart?: () => string;
  language?: () => Language;
  zone?: Zone;
}

export function testEngine(o: TestEngineOptions): { engine: ReminderEngine; notices: Notice[]; opened: ReminderOpen[] } {
  const notices: Notice[] = [];
  const opened: ReminderOpen[] = [];
  const quiet = o.quiet ?? { enabled: false, start: '22:00', end: '06:30' };
  const engine = new ReminderEngine({
    db: o.db,
    clock: o.clock,
    sources: o.sources ?? [],
    notify: (n) => notices.push(n),
    onChange: () => undefined,
    onOpen: (open) => opened.push(open),
    quietHours: () => quiet,
    workDayStart: o.workDayStart ?? (() => '07:30'),
    language: o.language ?? (() => 'vi'),
    zone: o.zone ?? ianaZone('Asia/Ho_Chi_Minh')!,
  });
  return { engine, notices, opened };
}

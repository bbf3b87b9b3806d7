// The calendar's reminders behind the reminder engine's source interface
// (electron/core/reminders/source.ts): event and task alarms (VALARM, with
// RFC 9074 acknowledgements written back, or kept on this device for a
// calendar the user cannot write: store.ts and service.ts do that), and open
// tasks' due dates. The engine knows nothing of calendars.
import type { ReminderSource } from '../reminders/source';
import { atWallTime } from '../reminders/clock-times';
import type { CalendarFeature } from './service';
import { dateKeyToMs, msToDateKey, type Zone } from './zones';

const DAY = 86_400_000;

/** What the sources need of the calendar feature. */
export type CalendarReminders = Pick<CalendarFeature, 'reminders' | 'store'>;

/** `objectId:instance:alarmUid`: the instance is digits or a date, so the first two colons split it. */
function parseAlarmKey(key: string): { objectId: number; instance: string; alarmUid: string } | null {
  const a = key.indexOf(':');
  const b = key.indexOf(':', a + 1);
  if (a <= 0 || b < 0) return null;
  const objectId = Number(key.slice(0, a));
  return Number.isSafeInteger(objectId) ? { objectId, instance: key.slice(a + 1, b), alarmUid: key.slice(b + 1) } : null;
}

/** Event and task alarms: due, dismissed and snoozed as the calendar feature already does it. */
export function calendarAlarmSource(feature: () => CalendarReminders | null): ReminderSource {
  return {
    id: 'calendar',
    topics: ['calendar'],
    due(fromMs, toMs) {
      const f = feature();
      if (!f) return [];
      return f.reminders.due(fromMs, toMs).map((a) => ({
        key: `${a.objectId}:${a.instance}:${a.alarmUid}`,
        fireAt: a.fireAt,
        title: a.summary,
        aboutMs: a.aboutMs,
        open: { section: 'schedule', id: `${a.objectId}:${a.instance}` },
      }));
    },
    acknowledge(key) {
      const k = parseAlarmKey(key);
      if (k) feature()?.reminders.acknowledge(k.objectId, k.instance, k.alarmUid);
    },
    snooze(key, untilMs) {
      const k = parseAlarmKey(key);
      if (k) feature()?.reminders.snooze(k.objectId, k.instance, k.alarmUid, untilMs);
    },
  };
}

/**
 * Open tasks' due dates: a timed due rings at its time, a date-only due at
 * the start of the working day on that date. Dismissals and snoozes are the
 * engine's (a due date has no acknowledgement to write back); completing
 * the task, here or on another device, ends the reminder.
 */
export function taskDueSource(feature: () => CalendarReminders | null, zone: Zone, workDayStart: () => string): ReminderSource {
  return {
    id: 'tasks',
    topics: ['calendar', 'settings'],
    due(fromMs, toMs) {
      const f = feature();
      if (!f) return [];
      const start = workDayStart();
      // A date-only due rings on its date at `start` in the zone: look a day either side, then keep those in span.
      const rows = f.store.openTasksDueBetween({ fromMs, toMs, fromDayMs: dateKeyToMs(msToDateKey(fromMs)) - DAY, toDayMs: dateKeyToMs(msToDateKey(toMs)) + 2 * DAY });
      return rows
        .map((t) => ({
          key: `${t.objectId}:${t.instance}`,
          fireAt: t.allDay ? atWallTime(zone, zone.toUtc({ ...wallOfDate(t.end), hour: 12, minute: 0, second: 0 }), start) : t.end,
          title: t.summary,
          aboutMs: t.end,
          open: { section: 'schedule' as const, id: t.id },
        }))
        .filter((r) => r.fireAt >= fromMs && r.fireAt < toMs)
        .sort((a, b) => a.fireAt - b.fireAt);
    },
  };
}

function wallOfDate(utcMidnight: number) {
  const d = new Date(utcMidnight);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

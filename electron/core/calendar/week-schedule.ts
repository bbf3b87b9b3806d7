// The agency weekly work schedule (lịch công tác tuần) in the form agencies
// print and post: one row per weekday, a morning and an afternoon session,
// each entry with its time, content, who chairs and attends, the place and the
// unit preparing it. Pure layout: the store gives entries, this arranges them.
import type { AgencyFields, ReviewState } from '../../../shared/calendar';
import { xprop, type ComponentData } from './ical';
import { addDays, dateKey, dateKeyToMs, DAY_MS, startOfDate, type Zone } from './zones';

/** Where the agency-specific fields live in iCalendar (written by Govdesk, read by anyone). */
export const AGENCY_PROPS = {
  chair: 'X-GOVDESK-CHAIR',
  attendees: 'X-GOVDESK-ATTENDEES',
  preparingUnit: 'X-GOVDESK-PREPARING-UNIT',
  review: 'X-GOVDESK-REVIEW',
  reviewComment: 'X-GOVDESK-REVIEW-COMMENT',
  reviewer: 'X-GOVDESK-REVIEWER',
  proposer: 'X-GOVDESK-PROPOSER',
} as const;

export type { AgencyFields, ReviewState } from '../../../shared/calendar';

/**
 * Review state from the object: X-GOVDESK-REVIEW when Govdesk wrote it, else
 * STATUS (an entry another client put on the schedule is confirmed unless it
 * says TENTATIVE).
 */
export function agencyFields(data: ComponentData): AgencyFields {
  const review = xprop(data, AGENCY_PROPS.review).toLowerCase();
  const state: ReviewState =
    review === 'returned' ? 'returned' : review === 'tentative' || (review !== 'confirmed' && data.status === 'TENTATIVE') ? 'tentative' : 'confirmed';
  // Without Govdesk's properties, RFC 5545 still says who chairs: ROLE=CHAIR.
  const chairs = data.attendees.filter((a) => a.role.toUpperCase() === 'CHAIR');
  const attendeeNames = data.attendees
    .filter((a) => !chairs.includes(a))
    .map((a) => a.name || a.email)
    .filter(Boolean)
    .join(', ');
  return {
    content: data.summary,
    chair: xprop(data, AGENCY_PROPS.chair) || chairs.map((a) => a.name || a.email).join(', '),
    attendees: xprop(data, AGENCY_PROPS.attendees) || attendeeNames,
    place: data.location,
    preparingUnit: xprop(data, AGENCY_PROPS.preparingUnit),
    review: state,
    reviewComment: xprop(data, AGENCY_PROPS.reviewComment),
    proposer: xprop(data, AGENCY_PROPS.proposer).replace(/^mailto:/i, '') || data.organizer,
  };
}

export interface WeekEntryInput extends AgencyFields {
  /** objectId:instance, what get/update/review take. */
  id: string;
  startMs: number;
  endMs: number;
  allDay: boolean;
  meetingUrl: string | null;
}

export interface WeekEntry extends WeekEntryInput {
  /** Local start 'HH:mm' in the schedule's zone; '' for an all-day entry. */
  time: string;
}

export interface WeekDay {
  date: string;
  /** 1 = Monday … 7 = Sunday (ISO). */
  weekday: number;
  morning: WeekEntry[];
  afternoon: WeekEntry[];
}

export interface WeekSchedule {
  /** Monday of the week, 'YYYY-MM-DD'. */
  weekStart: string;
  /** Sunday of the week. */
  weekEnd: string;
  days: WeekDay[];
}

/** Afternoon begins at noon: the sessions agencies schedule by (sáng / chiều). */
const NOON_MINUTES = 12 * 60;

/** The Monday of the week a date falls in. */
export function mondayOf(date: string): string {
  const dow = new Date(dateKeyToMs(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}

export function layoutWeek(weekStart: string, entries: readonly WeekEntryInput[], zone: Zone): WeekSchedule {
  const monday = mondayOf(weekStart);
  const days: WeekDay[] = Array.from({ length: 7 }, (_, i) => ({ date: addDays(monday, i), weekday: i + 1, morning: [], afternoon: [] }));
  const byDate = new Map(days.map((d) => [d.date, d]));
  const pad = (n: number) => String(n).padStart(2, '0');

  for (const e of entries) {
    if (e.allDay) {
      // An all-day entry (a business trip, a holiday) shows on every day it covers.
      for (let ms = e.startMs; ms < Math.max(e.endMs, e.startMs + 1); ms += DAY_MS) {
        const d = new Date(ms);
        byDate.get(dateKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()))?.morning.push({ ...e, time: '' });
      }
      continue;
    }
    const w = zone.toWall(e.startMs);
    const day = byDate.get(dateKey(w.year, w.month, w.day));
    const entry = { ...e, time: `${pad(w.hour)}:${pad(w.minute)}` };
    if (day) (w.hour * 60 + w.minute < NOON_MINUTES ? day.morning : day.afternoon).push(entry);
    else if (e.startMs < startOfDate(monday, zone)) {
      // Began before the week (a timed event over several days): shown on Monday morning.
      const first = days[0]!;
      if (e.endMs > startOfDate(monday, zone)) first.morning.push({ ...entry, time: '' });
    }
  }
  const order = (a: WeekEntry, b: WeekEntry) =>
    Number(b.allDay) - Number(a.allDay) || a.startMs - b.startMs || a.content.localeCompare(b.content, 'vi');
  for (const d of days) {
    d.morning.sort(order);
    d.afternoon.sort(order);
  }
  return { weekStart: monday, weekEnd: addDays(monday, 6), days };
}

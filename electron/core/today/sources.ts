// Today's sections from the calendar (agenda and
// tasks), reminders, mail, and every outbox; documents bring their own (documents/today-source.ts). Each reads its feature's cache.
import type { TodayItem } from '../../../shared/today';
import type { CalendarFeature } from '../calendar/service';
import { dateKeyToMs, addDays } from '../calendar/zones';
import type { Db } from '../db/open';
import type { MailStore } from '../mail/store';
import type { RemindersFeature } from '../reminders/service';
import type { TodaySource } from './source';

/** Today's events and meetings on the user's calendars and the agency schedule entries that concern them (with their alarms), by start. */
export function agendaSource(calendar: () => CalendarFeature | null, viewer: () => string | null): TodaySource {
  return {
    id: 'agenda',
    items(day) {
      const f = calendar();
      const email = viewer();
      if (!f || email === null) return [];
      const calendars = f.store.calendars().filter((c) => c.kind === 'event' || c.kind === 'agency');
      const agency = new Set(calendars.filter((c) => c.kind === 'agency').map((c) => c.id));
      // Agency entries count when they ring for me (store.ts indexes alarms only for their organizer and attendees).
      const mine = agency.size ? new Set(f.reminders.due(day.fromMs - 86_400_000, day.toMs).map((a) => `${a.objectId}:${a.instance}`)) : new Set<string>();
      return f.store
        .range({ fromMs: day.fromMs, toMs: day.toMs, fromDate: day.date, toDate: addDays(day.date, 1), calendarIds: calendars.map((c) => c.id), viewer: { email } })
        .filter((o) => o.component === 'VEVENT' && o.status !== 'CANCELLED' && (!agency.has(o.calendarId) || mine.has(o.id) || o.review === 'confirmed'))
        .map((o) => ({
          id: o.id,
          title: o.summary,
          detail: o.location,
          at: o.start,
          end: o.end,
          allDay: o.allDay,
          meetingUrl: o.meetingUrl,
          urgency: o.end < day.nowMs ? 'normal' : 'due',
          open: { section: 'schedule', id: o.id },
        }));
    },
  };
}

/** Open tasks due today or already overdue. */
export function tasksSource(calendar: () => CalendarFeature | null): TodaySource {
  return {
    id: 'tasks',
    items(day) {
      const f = calendar();
      if (!f) return [];
      const lists = f.store.calendars().filter((c) => c.gone === 0 && (c.kind === 'task' || c.components.includes('VTODO'))).map((c) => c.id);
      return f.store.openTasksDueBefore({ beforeMs: day.toMs, beforeDayMs: dateKeyToMs(addDays(day.date, 1)), calendarIds: lists }).map((t) => {
        const overdue = t.allDay ? t.end < dateKeyToMs(day.date) : t.end < day.nowMs;
        return { id: t.id, title: t.summary, detail: '', at: t.end, end: null, allDay: t.allDay, meetingUrl: null, urgency: overdue ? 'overdue' : 'due', open: { section: 'schedule', id: t.id } } satisfies TodayItem;
      });
    },
    attention: (items) => items.filter((i) => i.urgency === 'overdue').length,
  };
}

/** Reminders ringing, missed or held: the same list the Reminders section starts with. */
export function remindersSource(reminders: () => RemindersFeature | null): TodaySource {
  return {
    id: 'reminders',
    items() {
      const f = reminders();
      if (!f) return [];
      return f.engine.list().now.map((r) => ({
        id: r.id,
        title: r.title,
        detail: r.source,
        at: r.aboutMs ?? r.fireAt,
        end: null,
        allDay: false,
        meetingUrl: null,
        urgency: r.state === 'missed' ? 'overdue' : 'due',
        open: { section: 'reminders', id: r.id },
        reminder: { id: r.id, source: r.source, title: r.title, state: r.state, detail: r.detail, daysLeft: r.daysLeft, open: r.open },
      }));
    },
    // Each one listed waits for an answer (ringing, missed, held).
    attention: (items) => items.length,
  };
}

/**
 * Today's mail: mail flagged for follow-up that is due today or overdue,
 * then unread Inbox mail from people who matter: the sender is in the
 * organization's directory (the document service's /directory, cached by the
 * documents feature: `directory()` gives its addresses) or someone the user
 * has written to (a recipient in Sent). Other unread mail is not listed.
 */
export function mailSource(mail: () => { parts: { store: MailStore } } | null, directory: () => Iterable<string>): TodaySource {
  return {
    id: 'mail',
    items(day) {
      const f = mail();
      if (!f) return [];
      const store = f.parts.store;
      const out: TodayItem[] = [];
      const listed = new Set<number>();
      for (const fu of store.followUpsDue(0, day.toMs)) {
        if (listed.has(fu.message.id)) continue;
        listed.add(fu.message.id);
        out.push({
          id: `followup:${fu.id}`,
          title: fu.message.subject,
          detail: fu.message.from[0]?.name || fu.message.from[0]?.address || '',
          at: fu.dueAt,
          end: null,
          allDay: false,
          meetingUrl: null,
          urgency: fu.dueAt < day.nowMs ? 'overdue' : 'due',
          open: { section: 'mail', id: String(fu.message.id) },
        });
      }
      const known = store.correspondents();
      for (const address of directory()) if (address) known.add(address.toLowerCase());
      if (known.size === 0) return out;
      for (const m of store.unreadInboxFrom((a) => known.has(a), 20)) {
        if (listed.has(m.id)) continue;
        out.push({
          id: String(m.id),
          title: m.subject,
          detail: m.from[0]?.name || m.from[0]?.address || '',
          at: m.date,
          end: null,
          allDay: false,
          meetingUrl: null,
          urgency: 'normal',
          open: { section: 'mail', id: String(m.id) },
        });
      }
      return out;
    },
    // Every unread message in the Inbox counts, not only those the section lists;
    // follow-ups ring through the reminder engine, which the count holds already.
    attention() {
      const store = mail()?.parts.store;
      const inbox = store?.folderBySpecialUse('inbox');
      return store && inbox ? store.unreadCount(inbox.id) : 0;
    },
  };
}

/** What waits in any outbox (not yet sent, or refused) and the calendar's conflicts: one line per feature. */
export function outboxSource(db: () => Db | null, calendar: () => CalendarFeature | null): TodaySource {
  return {
    id: 'outbox',
    items() {
      const d = db();
      if (!d || !d.open) return [];
      const rows = d
        .prepare<[], { topic: string; state: string; n: number }>(`SELECT topic, state, COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'sending', 'refused') GROUP BY topic, state`)
        .all();
      const out: TodayItem[] = [];
      const section = (topic: string) => (topic === 'mail' ? 'mail' : topic === 'documents' ? 'documents' : 'schedule') as 'mail' | 'documents' | 'schedule';
      for (const topic of [...new Set(rows.map((r) => r.topic))]) {
        const waiting = rows.filter((r) => r.topic === topic && r.state !== 'refused').reduce((a, r) => a + r.n, 0);
        const refused = rows.filter((r) => r.topic === topic && r.state === 'refused').reduce((a, r) => a + r.n, 0);
        if (waiting) out.push({ id: `${topic}:waiting`, title: topic, detail: String(waiting), at: null, end: null, allDay: false, meetingUrl: null, urgency: 'normal', open: { section: section(topic), id: 'outbox' } });
        if (refused) out.push({ id: `${topic}:refused`, title: topic, detail: String(refused), at: null, end: null, allDay: false, meetingUrl: null, urgency: 'overdue', open: { section: section(topic), id: 'outbox' } });
      }
      const conflicts = calendar()?.store.conflicts().filter((r) => r.local_state === 'conflict').length ?? 0;
      if (conflicts) out.push({ id: 'calendar:conflicts', title: 'calendar', detail: String(conflicts), at: null, end: null, allDay: false, meetingUrl: null, urgency: 'overdue', open: { section: 'schedule', id: 'conflicts' } });
      return out;
    },
    attention: (items) => items.filter((i) => i.urgency === 'overdue').length,
  };
}

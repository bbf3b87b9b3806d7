// The reminder engine: one timer for the next firing over every source,
// computed from the cache on the injected clock. What it did with each firing
// is recorded (store.ts) before anything is shown, so a firing is shown once,
// also across a restart in the middle of it; firings found late (the app was
// closed, the machine slept) are gathered into one "missed" notice.
import type { ReminderDetail, ReminderList, ReminderOpen, ReminderView, SnoozePreset } from '../../../shared/reminders';
import type { Language } from '../../../shared/settings';
import { dateKeyIn, type Zone } from '../calendar/zones';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { Clock, Notice, NoticeAction } from '../platform';
import { atWallTime, quietUntil, type QuietHours } from './clock-times';
import { daysUntil, deadlineBody, deadlineTitle, noticeText, whenText } from './notice-text';
import type { DueReminder, ReminderSource } from './source';
import { ReminderStore, type StateRow, type StoredState } from './store';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** A firing first seen later than this after its time was missed (closed, asleep), not rung. */
export const LATE_MS = 2 * MIN;
/** Every look reaches at least this far back, for reminders a sync brought in already due. */
const LOOKBACK_MS = 60 * MIN;
/** How far ahead the timer looks; with nothing sooner it wakes then to look again. */
const HORIZON_MS = 6 * 60 * MIN;
/** More firings at once than this make one notice, never a storm. */
const SINGLE_MAX = 3;
const SCANNED_TO = 'scanned_to';
const WEEK = 7 * DAY;

export interface ReminderEngineOptions {
  db: Db;
  clock: Clock;
  sources: readonly ReminderSource[];
  notify(notice: Notice): void;
  /** Something the lists show changed (the Reminders section, Today, the badge). */
  onChange(): void;
  /** "Open" on a notice: the window should show this. */
  onOpen(open: ReminderOpen): void;
  quietHours(): QuietHours;
  workDayStart(): string;
  language(): Language;
  /** The organization's zone: quiet hours and "tomorrow morning" are read in it. */
  zone: Zone;
  log?: Logger;
}

interface Found {
  source: ReminderSource;
  item: DueReminder;
}

export const reminderId = (source: string, key: string, fireAt: number): string => `${source}|${key}|${fireAt}`;

export function parseReminderId(id: string): { source: string; key: string; fireAt: number } {
  const first = id.indexOf('|');
  const last = id.lastIndexOf('|');
  const fireAt = Number(id.slice(last + 1));
  if (first <= 0 || last <= first || !Number.isSafeInteger(fireAt)) throw new AppError('reminders.not_found', id.slice(0, 200));
  return { source: id.slice(0, first), key: id.slice(first + 1, last), fireAt };
}

export class ReminderEngine {
  private readonly store: ReminderStore;
  private cancelTimer: (() => void) | null = null;
  private running = false;
  /** When the one timer is set for (tests, the benchmark). */
  nextAt: number | null = null;

  constructor(private readonly o: ReminderEngineOptions) {
    this.store = new ReminderStore(o.db);
  }

  private source(id: string): ReminderSource {
    const s = this.o.sources.find((x) => x.id === id);
    if (!s) throw new AppError('reminders.not_found', `source ${id}`);
    return s;
  }

  start(): void {
    this.running = true;
    this.check();
  }

  stop(): void {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.nextAt = null;
  }

  /** A source's data changed (a sync, an edit, another device's dismissal): settle what rings and look again. */
  changed(): void {
    if (!this.running) return;
    this.reconcile();
    this.check();
  }

  /**
   * Finds what came due since the last look, records it, then shows it:
   * rung now, gathered as missed, or held for quiet hours.
   */
  check(): void {
    if (!this.running) return;
    const now = this.o.clock.now();
    const stored = Number(this.store.meta(SCANNED_TO));
    // From where the last look ended, and never less than an hour back: a sync
    // may bring a reminder already due (an invitation sent late, an edit on
    // another device); what was rung here is recorded, so looking again is
    // safe. The first start of a cache looks back that hour only.
    const from = Math.min(Number.isFinite(stored) && stored > 0 ? stored : now, now - LOOKBACK_MS);
    const found: Found[] = [];
    for (const source of this.o.sources) {
      for (const item of this.safeDue(source, from, now + 1)) found.push({ source, item });
    }
    const quietEnd = quietUntil(this.o.quietHours(), this.o.zone, now);
    const rung: StateRow[] = [];
    const missed: StateRow[] = [];
    let released = 0;
    let held = 0;
    this.store.transaction(() => {
      for (const { source, item } of found) {
        // Late, but what it is about has not begun (asleep five minutes before a meeting): it still rings.
        const late = now - item.fireAt > LATE_MS && (item.aboutMs === null || item.aboutMs <= now);
        const state: StoredState = quietEnd !== null ? 'held' : late ? 'missed' : 'ringing';
        const row = { source: source.id, key: item.key, fireAt: item.fireAt, title: item.title, aboutMs: item.aboutMs, open: item.open, detail: item.detail ?? null, state, changedAt: now };
        if (!this.store.insert(row)) continue;
        // Urged again: the earlier urges of the document leave the lists, so it shows once, with its count.
        for (const key of item.supersedes ?? []) if (key !== item.key) this.store.supersede(source.id, key, now);
        if (state === 'ringing') rung.push({ ...row, snoozedUntil: null, engineSnooze: false });
        else if (state === 'missed') missed.push({ ...row, snoozedUntil: null, engineSnooze: false });
        else held++;
      }
      // Snoozes the engine keeps ring again under their own row.
      for (const row of this.store.engineSnoozesDue(now)) {
        // Dealt with while snoozed (the task done, the follow-up completed or unflagged elsewhere): it stays quiet.
        if (!this.stillReported(row)) {
          this.store.setState(row.source, row.key, row.fireAt, 'done_elsewhere', now);
          continue;
        }
        const state: StoredState = quietEnd !== null ? 'held' : 'ringing';
        this.store.setState(row.source, row.key, row.fireAt, state, now);
        if (state === 'ringing') rung.push(row);
        else held++;
      }
      // A snooze the source keeps rings again under its own key: the snoozed row is done.
      for (const row of this.store.inStates(['snoozed'])) {
        if (!row.engineSnooze && row.snoozedUntil !== null && row.snoozedUntil <= now) this.store.setState(row.source, row.key, row.fireAt, 'rerung', now);
      }
      if (quietEnd === null) {
        for (const row of this.store.inStates(['held'])) {
          this.store.setState(row.source, row.key, row.fireAt, 'ringing', now);
          released++;
        }
      }
      this.store.setMeta(SCANNED_TO, String(now + 1));
      if (found.length) this.store.pruneBefore(now - 2 * WEEK);
    });
    this.show(rung, missed, released, now);
    if (rung.length || missed.length || released || held) this.o.onChange();
    this.schedule(now);
  }

  /** Whether the row's source still reports it (a source gone from the list does not). */
  private stillReported(row: StateRow): boolean {
    const source = this.o.sources.find((x) => x.id === row.source);
    return !!source && this.safeDue(source, row.fireAt, row.fireAt + 1).some((i) => i.key === row.key);
  }

  private safeDue(source: ReminderSource, from: number, to: number): DueReminder[] {
    try {
      return source.due(from, to);
    } catch (err) {
      // One broken source must not silence the others.
      this.o.log?.log('error', 'reminder source failed', { source: source.id, err: err instanceof Error ? err.message : String(err) });
      return [];
    }
  }

  private actions(): NoticeAction[] {
    const t = noticeText(this.o.language());
    return [
      { id: 'snooze:5m', label: t.snooze5 },
      { id: 'snooze:10m', label: t.snooze10 },
      { id: 'snooze:1h', label: t.snooze60 },
      { id: 'snooze:tomorrow', label: t.snoozeTomorrow },
      { id: 'dismiss', label: t.dismiss },
    ];
  }

  /** The organization's day of `ms`, YYYY-MM-DD: a deadline is counted in it. */
  private dayOf(ms: number): string {
    return dateKeyIn(this.o.zone, ms);
  }

  /** What a notice calls a reminder: a deadline says how far off it is now, in the user's language. */
  private noticeTitle(r: Pick<StateRow, 'title' | 'detail'>, now: number): string {
    return r.detail ? deadlineTitle(this.o.language(), r.detail, this.dayOf(now)) : r.title;
  }

  private show(rung: StateRow[], missed: StateRow[], released: number, now: number): void {
    const lang = this.o.language();
    const t = noticeText(lang);
    if (rung.length > 0 && rung.length <= SINGLE_MAX && released === 0) {
      for (const r of rung) {
        const id = reminderId(r.source, r.key, r.fireAt);
        this.o.notify({
          title: this.noticeTitle(r, now),
          // A deadline is a day: its notice names the day, not the hour work starts.
          body: r.detail ? deadlineBody(lang, r.detail) : t.at(whenText(lang, this.o.zone.id, r.aboutMs ?? r.fireAt, now)),
          tag: `reminder:${id}`,
          actions: this.actions(),
          onAction: (action) => this.onNoticeAction(id, r.open, action),
        });
      }
    } else if (rung.length > 0 || released > 0) {
      const titles = rung.map((r) => this.noticeTitle(r, now)).slice(0, 3).join('\n');
      this.o.notify({
        title: released > 0 ? t.quiet(released + rung.length) : t.many(rung.length),
        body: titles,
        tag: 'reminders:many',
        onAction: () => this.o.onOpen({ section: 'reminders', id: '' }),
      });
    }
    if (missed.length > 0) {
      this.o.notify({ title: t.missed(missed.length), body: t.missedBody, tag: 'reminders:missed', onAction: () => this.o.onOpen({ section: 'reminders', id: '' }) });
    }
  }

  private onNoticeAction(id: string, open: ReminderOpen | null, action: string): void {
    try {
      if (action === 'open') {
        if (open) this.o.onOpen(open);
      } else if (action === 'dismiss') this.dismiss([id]);
      else if (action.startsWith('snooze:')) this.snooze(id, action.slice(7) as SnoozePreset);
    } catch (err) {
      this.o.log?.log('warn', 'reminder action failed', { action, err: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The one timer: at the next firing of any source, an engine snooze, or the end of quiet hours with something held. */
  private schedule(now: number): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (!this.running) return;
    const next = this.nextFiring(now);
    let at = Math.min(next ?? Infinity, now + HORIZON_MS);
    if (this.store.inStates(['held']).length) {
      const end = quietUntil(this.o.quietHours(), this.o.zone, now);
      at = Math.min(at, end ?? now);
    }
    this.nextAt = at;
    this.cancelTimer = this.o.clock.setTimer(Math.max(0, at - now), () => {
      this.cancelTimer = null;
      this.check();
    });
  }

  /** The next time anything rings after `now`: a source's next due, or an engine snooze. */
  nextFiring(now: number = this.o.clock.now()): number | null {
    let best = this.store.nextEngineSnooze();
    for (const source of this.o.sources) {
      const first = this.safeDue(source, now + 1, now + HORIZON_MS).find((i) => !this.store.has(source.id, i.key, i.fireAt));
      if (first && (best === null || first.fireAt < best)) best = first.fireAt;
    }
    return best;
  }

  /**
   * A reminder still ringing (or missed, or held) that its source no longer
   * reports was dealt with elsewhere: dismissed on another device, the task
   * done, the meeting cancelled. It stops needing the user here.
   */
  reconcile(): void {
    const now = this.o.clock.now();
    const open = this.store.inStates(['ringing', 'missed', 'held']);
    if (!open.length) return;
    let gone = 0;
    this.store.transaction(() => {
      for (const source of this.o.sources) {
        const mine = open.filter((r) => r.source === source.id);
        if (!mine.length) continue;
        const from = Math.min(...mine.map((r) => r.fireAt));
        const still = new Set(this.safeDue(source, from, now + 1).map((i) => `${i.key}|${i.fireAt}`));
        for (const r of mine) {
          if (still.has(`${r.key}|${r.fireAt}`)) continue;
          this.store.setState(r.source, r.key, r.fireAt, 'done_elsewhere', now);
          gone++;
        }
      }
    });
    if (gone) this.o.onChange();
  }

  snoozeUntil(preset: SnoozePreset, now: number): number {
    // Whole seconds: iCalendar times have no milliseconds, and the snooze must be the same time on every device.
    const sec = Math.ceil(now / 1000) * 1000;
    switch (preset) {
      case '5m':
        return sec + 5 * MIN;
      case '10m':
        return sec + 10 * MIN;
      case '1h':
        return sec + 60 * MIN;
      case 'tomorrow':
        return atWallTime(this.o.zone, now, this.o.workDayStart(), 1);
    }
  }

  /** The stored row, or one made from what its source reports (an upcoming reminder acted on before it rings). */
  private rowFor(id: string, now: number): StateRow {
    const { source, key, fireAt } = parseReminderId(id);
    const existing = this.store.get(source, key, fireAt);
    if (existing) return existing;
    const item = this.safeDue(this.source(source), fireAt, fireAt + 1).find((i) => i.key === key);
    if (!item) throw new AppError('reminders.not_found', id.slice(0, 200));
    const row = { source, key, fireAt, title: item.title, aboutMs: item.aboutMs, open: item.open, detail: item.detail ?? null, state: 'ringing' as const, changedAt: now };
    this.store.insert(row);
    return { ...row, snoozedUntil: null, engineSnooze: false };
  }

  snooze(id: string, preset: SnoozePreset): ReminderView {
    const now = this.o.clock.now();
    const until = this.snoozeUntil(preset, now);
    const row = this.rowFor(id, now);
    const source = this.source(row.source);
    // The source first: if it refuses, the reminder stays as it was.
    source.snooze?.(row.key, until);
    this.store.setState(row.source, row.key, row.fireAt, 'snoozed', now, { until, engine: !source.snooze });
    this.o.onChange();
    this.schedule(now);
    return this.view({ ...row, state: 'snoozed', snoozedUntil: until });
  }

  dismiss(ids: readonly string[]): void {
    const now = this.o.clock.now();
    for (const id of ids) {
      const row = this.rowFor(id, now);
      if (row.state === 'dismissed' || row.state === 'done_elsewhere') continue;
      const source = this.source(row.source);
      // Also for a snoozed one: a source that keeps the snooze ends it with the reminder it snoozed.
      source.acknowledge?.(row.key, now);
      this.store.setState(row.source, row.key, row.fireAt, 'dismissed', now);
    }
    this.o.onChange();
    this.schedule(now);
  }

  private view(r: StateRow, now: number = this.o.clock.now()): ReminderView {
    const state = r.state === 'rerung' ? 'dismissed' : r.state;
    return { id: reminderId(r.source, r.key, r.fireAt), source: r.source, title: r.title, fireAt: r.fireAt, aboutMs: r.aboutMs, state, snoozedUntil: r.snoozedUntil, open: r.open, ...this.detailView(r.detail, now) };
  }

  /** The detail for the renderer to word, with the days to a deadline counted on the engine's clock. */
  private detailView(detail: ReminderDetail | null | undefined, now: number): Pick<ReminderView, 'detail' | 'daysLeft'> {
    return detail ? { detail, daysLeft: daysUntil(this.dayOf(now), detail.day) } : { detail: null, daysLeft: null };
  }

  /** The Reminders section: what needs the user now, then the next seven days and the last seven. */
  list(): ReminderList {
    const now = this.o.clock.now();
    const needs = this.store.inStates(['ringing', 'missed', 'held']).map((r) => this.view(r, now));
    const snoozed = this.store.inStates(['snoozed']).filter((r) => r.snoozedUntil !== null && r.snoozedUntil > now - DAY).map((r) => this.view(r, now));
    const dismissed = this.store
      .firedBetween(now - WEEK, now + WEEK)
      .filter((r) => r.state === 'dismissed' || r.state === 'done_elsewhere')
      .sort((a, b) => b.changedAt - a.changedAt)
      .map((r) => this.view(r, now));
    const upcoming: ReminderView[] = [];
    for (const source of this.o.sources) {
      for (const i of this.safeDue(source, now + 1, now + WEEK)) {
        if (this.store.has(source.id, i.key, i.fireAt)) continue;
        upcoming.push({ id: reminderId(source.id, i.key, i.fireAt), source: source.id, title: i.title, fireAt: i.fireAt, aboutMs: i.aboutMs, state: 'upcoming', snoozedUntil: null, open: i.open, ...this.detailView(i.detail, now) });
      }
    }
    upcoming.sort((a, b) => a.fireAt - b.fireAt);
    return { now: needs, upcoming: upcoming.slice(0, 500), snoozed, dismissed: dismissed.slice(0, 500) };
  }

  /** What rings now, oldest first. */
  ringing(): ReminderView[] {
    const now = this.o.clock.now();
    return this.store.inStates(['ringing']).map((r) => this.view(r, now));
  }

  /** What needs the user now: ringing, missed and held reminders (the badge counts them). */
  attentionCount(): number {
    return this.store.inStates(['ringing', 'missed', 'held']).length;
  }
}

// The engine's SQL (reminder_state, reminder_meta: migration 010), and nothing else.
import { ReminderDetailSchema, type ReminderDetail, type ReminderOpen, type ReminderState } from '../../../shared/reminders';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';

/** What the table holds: ReminderState without 'upcoming', plus 'rerung' (a source-kept snooze rang again under its own key, or a later reminder superseded it): in no list. */
export type StoredState = Exclude<ReminderState, 'upcoming'> | 'rerung';

export interface StateRow {
  source: string;
  key: string;
  fireAt: number;
  title: string;
  aboutMs: number | null;
  open: ReminderOpen | null;
  detail: ReminderDetail | null;
  state: StoredState;
  snoozedUntil: number | null;
  engineSnooze: boolean;
  changedAt: number;
}

interface RawRow {
  source: string;
  key: string;
  fire_at: number;
  title: string;
  about_ms: number | null;
  open: string | null;
  detail: string | null;
  state: StoredState;
  snoozed_until: number | null;
  engine_snooze: number;
  changed_at: number;
}

/** A detail that does not read (an older build's, a damaged row) is no detail: the title still says what it is. */
function readDetail(json: string | null): ReminderDetail | null {
  if (!json) return null;
  try {
    const parsed = ReminderDetailSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function fromRaw(r: RawRow): StateRow {
  let open: ReminderOpen | null;
  try {
    open = r.open ? (JSON.parse(r.open) as ReminderOpen) : null;
  } catch {
    open = null;
  }
  return { source: r.source, key: r.key, fireAt: r.fire_at, title: r.title, aboutMs: r.about_ms, open, detail: readDetail(r.detail), state: r.state, snoozedUntil: r.snoozed_until, engineSnooze: r.engine_snooze === 1, changedAt: r.changed_at };
}

export class ReminderStore {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }

  meta(key: string): string | null {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM reminder_meta WHERE key = ?').get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO reminder_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Records a firing once: false when this device already dealt with it. */
  insert(row: Omit<StateRow, 'engineSnooze' | 'snoozedUntil'>): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO reminder_state (source, key, fire_at, title, about_ms, open, detail, state, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (source, key, fire_at) DO NOTHING`,
        )
        .run(row.source, row.key, row.fireAt, row.title, row.aboutMs, row.open ? JSON.stringify(row.open) : null, row.detail ? JSON.stringify(row.detail) : null, row.state, row.changedAt).changes === 1
    );
  }

  get(source: string, key: string, fireAt: number): StateRow | null {
    const r = this.db.prepare<[string, string, number], RawRow>('SELECT * FROM reminder_state WHERE source = ? AND key = ? AND fire_at = ?').get(source, key, fireAt);
    return r ? fromRaw(r) : null;
  }

  has(source: string, key: string, fireAt: number): boolean {
    return this.db.prepare('SELECT 1 FROM reminder_state WHERE source = ? AND key = ? AND fire_at = ?').get(source, key, fireAt) !== undefined;
  }

  setState(source: string, key: string, fireAt: number, state: StoredState, at: number, snooze?: { until: number; engine: boolean }): void {
    this.db
      .prepare('UPDATE reminder_state SET state = ?, snoozed_until = ?, engine_snooze = ?, changed_at = ? WHERE source = ? AND key = ? AND fire_at = ?')
      .run(state, snooze?.until ?? null, snooze?.engine ? 1 : 0, at, source, key, fireAt);
  }

  /** A later reminder took this one's place (a document urged again): every firing of the key leaves the lists. */
  supersede(source: string, key: string, at: number): number {
    return this.db.prepare(`UPDATE reminder_state SET state = 'rerung', snoozed_until = NULL, engine_snooze = 0, changed_at = ? WHERE source = ? AND key = ? AND state <> 'rerung'`).run(at, source, key).changes;
  }

  inStates(states: readonly StoredState[]): StateRow[] {
    return this.db
      .prepare<string[], RawRow>(`SELECT * FROM reminder_state WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY fire_at`)
      .all(...states)
      .map(fromRaw);
  }

  /** Snoozes the engine keeps whose time came in (fromMs, toMs]. */
  engineSnoozesDue(toMs: number): StateRow[] {
    return this.db
      .prepare<[number], RawRow>(`SELECT * FROM reminder_state WHERE engine_snooze = 1 AND state = 'snoozed' AND snoozed_until <= ? ORDER BY snoozed_until`)
      .all(toMs)
      .map(fromRaw);
  }

  nextEngineSnooze(): number | null {
    return this.db.prepare<[], { t: number | null }>(`SELECT MIN(snoozed_until) AS t FROM reminder_state WHERE engine_snooze = 1 AND state = 'snoozed'`).get()?.t ?? null;
  }

  /** Rows that fired between fromMs and toMs (for the list of the last seven days). */
  firedBetween(fromMs: number, toMs: number): StateRow[] {
    return this.db
      .prepare<[number, number], RawRow>('SELECT * FROM reminder_state WHERE fire_at >= ? AND fire_at < ? ORDER BY fire_at')
      .all(fromMs, toMs)
      .map(fromRaw);
  }

  /** Keeps the table to what the list shows, and some margin. */
  pruneBefore(ms: number): void {
    this.db.prepare(`DELETE FROM reminder_state WHERE changed_at < ? AND fire_at < ? AND state IN ('dismissed', 'done_elsewhere', 'rerung')`).run(ms, ms);
  }
}

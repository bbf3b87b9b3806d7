// Calendar writes through the outbox (ARCHITECTURE rules 3 and 4). The
// service applies a write to the cache and enqueues it in one transaction;
// replay() later sends it with If-Match (or If-None-Match: * for a create).
//
// An entry names only its object: the body and the If-Match are read from the
// cache when it is sent, so several offline edits of one object go out in
// order, each on the ETag the previous one got back. Every body carries its
// entry id (X-GOVDESK-CHANGE-ID), so when a replay after a crash meets 412 it
// can tell "my own earlier attempt landed" from "someone else changed it".
import { z } from 'zod';
import type { ConflictView } from '../../../shared/calendar';
import type { ErrorCode } from '../../../shared/errors';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import { AppError } from '../errors';
import type { CalDavClient } from './client';
import { changeIdsOf } from './ical-write';
import type { CalendarStore } from './store';

const TOPIC = 'calendar';

const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('put'), objectId: z.number().int() }),
  z.object({ kind: z.literal('delete'), objectId: z.number().int() }),
]);
export type CalendarAction = z.infer<typeof actionSchema>;

interface OutboxRow {
  id: string;
  seq: number;
  kind: string;
  payload: string;
  state: string;
  error_code: string | null;
  error_detail: string | null;
}

/** The server said no for good: the entry becomes `refused` with this code. */
class Refused extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Codes that mean "try again later", not "the server said no". */
const PASSING: ReadonlySet<ErrorCode> = new Set(['calendar.unreachable', 'calendar.unauthorized', 'calendar.server_error', 'auth.reauth_required', 'auth.unreachable']);

export type CalendarServer = Pick<CalDavClient, 'put' | 'delete' | 'get'>;

export interface ReplayResult {
  done: number;
  refused: number;
  blocked: unknown | null;
  /** Objects whose state changed, for `changed` events. */
  touched: number[];
}

export class CalendarOutbox {
  constructor(
    private readonly db: Db,
    private readonly store: CalendarStore,
    private readonly now: () => number,
  ) {}

  /** Records a write; call inside the transaction that applied it to the cache. */
  enqueue(id: string, action: CalendarAction): void {
    const seq = this.db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM outbox').pluck().get() as number;
    const t = this.now();
    this.db
      .prepare(`INSERT INTO outbox (id, seq, topic, kind, payload, state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`)
      .run(id, seq, TOPIC, action.kind, JSON.stringify(action), t, t);
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT count(*) FROM outbox WHERE topic = ? AND state IN ('pending', 'sending')`).pluck().get(TOPIC) as number;
  }

  /** Entries of an object not yet done (pending, sending or refused). */
  private openFor(objectId: number, states: readonly string[] = ['pending', 'sending', 'refused']): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND state IN (${states.map(() => '?').join(',')}) ORDER BY seq`).all(TOPIC, ...states) as OutboxRow[]).filter(
      (r) => this.parse(r)?.objectId === objectId,
    );
  }

  /**
   * A delete of an object that never reached the server: its queued create is
   * dropped and nothing is sent. Returns false when the server must be told.
   */
  cancelUnsent(objectId: number): boolean {
    const row = this.store.object(objectId);
    if (!row || row.etag !== null) return false;
    const open = this.openFor(objectId, ['pending', 'sending', 'refused']);
    // 'sending' may have reached the server: only a never-attempted create can be dropped.
    if (open.some((r) => r.state !== 'pending')) return false;
    for (const r of open) this.markDone(r.id);
    this.store.deleteObject(objectId);
    return true;
  }

  hasOpenDelete(objectId: number): boolean {
    return this.openFor(objectId).some((r) => this.parse(r)?.kind === 'delete');
  }

  /** Closes an object's open entries: the user took the server's version. */
  dropFor(objectId: number): void {
    for (const r of this.openFor(objectId)) this.markDone(r.id);
  }

  /** Re-opens an object's refused entries: the user kept their version. */
  reopenFor(objectId: number): void {
    for (const r of this.openFor(objectId, ['refused'])) {
      this.db.prepare(`UPDATE outbox SET state = 'pending', error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ?`).run(this.now(), r.id);
    }
  }

  /** Objects in conflict and writes the server refused, for the conflicts list. */
  conflicts(): ConflictView[] {
    const out = new Map<number, ConflictView>();
    for (const o of this.store.conflicts()) out.set(o.id, { objectId: o.id, summary: o.summary, reason: 'calendar.conflict' });
    const refused = this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND state = 'refused' ORDER BY seq`).all(TOPIC) as OutboxRow[];
    for (const r of refused) {
      const a = this.parse(r);
      if (!a || out.has(a.objectId)) continue;
      out.set(a.objectId, { objectId: a.objectId, summary: this.store.object(a.objectId)?.summary ?? '', reason: r.error_code ?? 'internal' });
    }
    return [...out.values()];
  }

  /**
   * Sends waiting entries in order. A passing failure (network, token) stops
   * the replay with everything kept; a refusal or a conflict stops only the
   * later entries of that object, which wait until the user resolves it.
   */
  async replay(server: CalendarServer): Promise<ReplayResult> {
    const result: ReplayResult = { done: 0, refused: 0, blocked: null, touched: [] };
    const rows = this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND state IN ('pending', 'sending') ORDER BY seq`).all(TOPIC) as OutboxRow[];
    const held = new Set<number>();
    for (const o of this.store.objectsInState(['conflict'])) held.add(o.id);
    for (const r of this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND state = 'refused'`).all(TOPIC) as OutboxRow[]) {
      const a = this.parse(r);
      if (a) held.add(a.objectId);
    }
    for (const row of rows) {
      const action = this.parse(row);
      if (!action) {
        this.refuse(row.id, 'internal', `unreadable outbox entry ${row.kind}`);
        result.refused++;
        continue;
      }
      if (held.has(action.objectId)) continue;
      this.db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(this.now(), row.id);
      try {
        await this.perform(server, row.id, action);
        this.markDone(row.id);
        result.done++;
        result.touched.push(action.objectId);
      } catch (err) {
        const code = err instanceof Refused ? err.code : err instanceof AppError ? err.code : null;
        if (code && !PASSING.has(code)) {
          this.refuse(row.id, code, err instanceof Refused ? err.detail : (err as AppError).detail ?? '');
          held.add(action.objectId);
          result.refused++;
          result.touched.push(action.objectId);
          continue;
        }
        this.db
          .prepare(`UPDATE outbox SET state = 'pending', error_code = ?, error_detail = ?, updated_at = ? WHERE id = ?`)
          .run(code ?? 'calendar.unreachable', (err instanceof Error ? err.message : String(err)).slice(0, 2000), this.now(), row.id);
        result.blocked = err;
        return result;
      }
    }
    return result;
  }

  private async perform(server: CalendarServer, entryId: string, action: CalendarAction): Promise<void> {
    const row = this.store.object(action.objectId);
    // Deleted here before it was sent (cancelUnsent), or resolved away: nothing to do.
    if (!row) return;
    const finish = (etag: string | null) => {
      // The user may have deleted it while this write was on the wire: it stays
      // deleted (with the new ETag for the DELETE behind it). Otherwise synced
      // only when nothing else of this object waits behind this entry.
      if (this.store.object(row.id)?.local_state === 'deleted') return this.store.setState(row.id, 'deleted', etag);
      const more = this.openFor(action.objectId, ['pending']).length > 0;
      this.store.setState(row.id, more ? 'pending' : 'synced', etag);
    };

    if (action.kind === 'put') {
      if (row.local_state === 'deleted') return; // the delete behind it says the last word
      const res = await server.put(row.href, row.raw, row.etag);
      if (res.status === 'ok') {
        // Servers may omit the ETag when they changed the body: fetch it then.
        finish(res.etag ?? (await server.get(row.href))?.etag ?? null);
        return;
      }
      await this.onPreconditionFailed(server, entryId, row.id, row.href, (etag) => finish(etag));
      return;
    }

    if (row.etag === null) {
      this.store.deleteObject(row.id);
      return;
    }
    const res = await server.delete(row.href, row.etag);
    if (res === 'ok' || res === 'gone') {
      this.store.deleteObject(row.id);
      return;
    }
    await this.onPreconditionFailed(server, entryId, row.id, row.href, () => this.store.deleteObject(row.id));
  }

  /** 412: our own earlier attempt (replay after a crash), or a real conflict. */
  private async onPreconditionFailed(server: CalendarServer, entryId: string, objectId: number, href: string, landed: (etag: string | null) => void): Promise<void> {
    const current = await server.get(href);
    if (current && changeIdsOf(current.data).includes(entryId)) {
      landed(current.etag);
      return;
    }
    this.store.setServerVersion(objectId, current?.data ?? null, current?.etag ?? null, 'conflict');
    throw new Refused('calendar.conflict', current ? `changed on the server (${current.etag ?? 'no etag'})` : 'deleted on the server');
  }

  private refuse(id: string, code: ErrorCode, detail: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'refused', error_code = ?, error_detail = ?, updated_at = ? WHERE id = ?`).run(code, detail.slice(0, 2000), this.now(), id);
  }

  private markDone(id: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'done', error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ?`).run(this.now(), id);
  }

  private parse(row: OutboxRow): CalendarAction | null {
    try {
      const parsed = actionSchema.safeParse(JSON.parse(row.payload));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** For the service: run fn and the enqueue in one transaction. */
  transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }
}

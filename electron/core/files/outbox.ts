// Files writes through the outbox (ARCHITECTURE rules 3 and 4): the service
// applies a change to the cache and enqueues it in one transaction, with an
// id made here; replay() sends them in order when the server answers.
//
// An upload sends a staged copy (a snapshot taken when the change was made,
// so a file still being edited never goes out half-saved) with If-Match on
// the ETag it was made from, or If-None-Match: * for a new file. A 412 is
// looked at before it is called a conflict: Apache answers a weak ETag for
// about a second after a write, and If-Match with a weak ETag always fails,
// so when the server's file is still the version we started from (the same
// ETag but for its weak marker) we stat until the ETag is strong and retry.
// Only a different version is a conflict: both are kept (ours as the staged
// copy, theirs on the server) until the user decides.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors';
import type { TransferKind, TransferView } from '../../../shared/files';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { Clock } from '../platform';
import { isWeak, PreconditionFailed, sameEtag, type FilesClient } from './client';
import { nameOf, type FilesStore } from './store';

const TOPIC = 'files';

const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upload'), path: z.string(), staged: z.string(), size: z.number(), baseEtag: z.string().nullable() }),
  z.object({ kind: z.literal('mkdir'), path: z.string() }),
  z.object({ kind: z.literal('move'), path: z.string(), to: z.string() }),
  z.object({ kind: z.literal('copy'), path: z.string(), to: z.string() }),
  z.object({ kind: z.literal('delete'), path: z.string(), etag: z.string().nullable() }),
]);
export type FilesAction = z.infer<typeof actionSchema>;

interface OutboxRow {
  id: string;
  seq: number;
  kind: string;
  payload: string;
  state: 'pending' | 'sending' | 'refused' | 'done';
  error_code: string | null;
  error_detail: string | null;
}

/** Codes that mean "try again later": the replay stops and everything waits. */
const PASSING: ReadonlySet<string> = new Set(['files.unreachable', 'files.server_error', 'auth.reauth_required', 'auth.unreachable', 'auth.required']);

/** How long a weak ETag may stay weak before we give up waiting for it (Apache: about a second). */
const WEAK_WAIT_MS = 700;
const WEAK_TRIES = 6;

export type FilesServer = Pick<FilesClient, 'upload' | 'mkdir' | 'move' | 'copy' | 'delete' | 'stat'>;

export interface ReplayResult {
  done: number;
  refused: number;
  conflicts: number;
  blocked: unknown | null;
  touched: string[];
}

export class FilesOutbox {
  private readonly progress = new Map<string, { sent: number; total: number }>();
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly db: Db,
    private readonly store: FilesStore,
    private readonly clock: Clock,
    /** The account's files folder: staged uploads and conflict copies live below it. */
    private readonly dir: string,
    private readonly onProgress: (id: string) => void,
    private readonly onUploaded: (path: string, staged: string, etag: string | null) => void,
  ) {}

  /** Records a change; call inside the transaction that applied it to the cache. */
  enqueue(id: string, action: FilesAction): void {
    const seq = this.db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM outbox').pluck().get() as number;
    const t = this.clock.now();
    this.db
      .prepare(`INSERT INTO outbox (id, seq, topic, kind, payload, state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`)
      .run(id, seq, TOPIC, action.kind, JSON.stringify(action), t, t);
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT count(*) FROM outbox WHERE topic = ? AND state IN ('pending', 'sending')`).pluck().get(TOPIC) as number;
  }

  private rows(states: readonly string[]): OutboxRow[] {
    return this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND state IN (${states.map(() => '?').join(',')}) ORDER BY seq`).all(TOPIC, ...states) as OutboxRow[];
  }

  /** Whether something waits for a path or anything below it. */
  waitsFor(path: string, states: readonly string[] = ['pending', 'sending', 'refused']): boolean {
    return this.rows(states).some((r) => {
      const a = this.parse(r);
      return a !== null && [a.path, 'to' in a ? a.to : ''].some((p) => p === path || p.startsWith(`${path}/`));
    });
  }

  transfers(): TransferView[] {
    return this.rows(['pending', 'sending', 'refused']).flatMap((r) => {
      const a = this.parse(r);
      if (!a) return [];
      const p = this.progress.get(r.id);
      const total = a.kind === 'upload' ? a.size : 0;
      return [
        {
          id: r.id,
          kind: a.kind as TransferKind,
          path: a.path,
          to: 'to' in a ? a.to : null,
          state: r.state === 'done' ? 'pending' : r.state,
          sent: p?.sent ?? 0,
          total: p?.total ?? total,
          error: r.error_code ? { code: r.error_code, detail: r.error_detail ?? '' } : null,
        },
      ];
    });
  }

  /** The user gives up a waiting or refused change (a new upload, a refused move…). Returns its action. */
  cancel(id: string): FilesAction | null {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ? AND topic = ?').get(id, TOPIC) as OutboxRow | undefined;
    if (!row || row.state === 'done') return null;
    const a = this.parse(row);
    if (a?.kind === 'upload' && a.baseEtag !== null && row.state !== 'refused') {
      // An edit of a file on the server: dropping it would lose what the user saved.
      throw new AppError('files.cannot_cancel', `upload of an edit to ${a.path}`);
    }
    this.inFlight.get(id)?.abort();
    this.markDone(id);
    this.progress.delete(id);
    return a;
  }

  /** Puts refused entries back in the queue ("try again"). */
  retry(id?: string): void {
    const t = this.clock.now();
    if (id) this.db.prepare(`UPDATE outbox SET state = 'pending', error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ? AND topic = ? AND state = 'refused'`).run(t, id, TOPIC);
    else this.db.prepare(`UPDATE outbox SET state = 'pending', error_code = NULL, error_detail = NULL, updated_at = ? WHERE topic = ? AND state = 'refused'`).run(t, TOPIC);
  }

  stagedPath(name: string): string {
    return join(this.dir, 'staged', name);
  }

  /**
   * Sends waiting entries in order. A passing failure (network, token, 5xx)
   * stops the replay with everything kept; a refusal (403, 404, 423 locked,
   * 507 full) keeps the entry as refused, shown with its reason, and holds
   * later entries of the same path; a conflict moves the entry to the
   * conflicts list with both versions kept.
   */
  async replay(server: FilesServer): Promise<ReplayResult> {
    const result: ReplayResult = { done: 0, refused: 0, conflicts: 0, blocked: null, touched: [] };
    const held = new Set<string>();
    for (const r of this.rows(['refused'])) {
      const a = this.parse(r);
      if (a) held.add(a.path);
    }
    for (const c of this.store.conflictRows()) held.add(c.path);
    const isHeld = (p: string) => [...held].some((h) => p === h || p.startsWith(`${h}/`));
    for (const row of this.rows(['pending', 'sending'])) {
      const action = this.parse(row);
      if (!action) {
        this.refuse(row.id, 'internal', `unreadable outbox entry ${row.kind}`);
        result.refused++;
        continue;
      }
      if (isHeld(action.path) || ('to' in action && isHeld(action.to))) continue;
      this.db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(this.clock.now(), row.id);
      const abort = new AbortController();
      this.inFlight.set(row.id, abort);
      try {
        const outcome = await this.perform(server, row.id, action, abort.signal);
        if (this.isDone(row.id)) continue; // cancelled while on the wire
        this.markDone(row.id);
        if (outcome === 'conflict') result.conflicts++;
        else result.done++;
        result.touched.push(action.path);
      } catch (err) {
        if (this.isDone(row.id)) continue;
        const code = err instanceof AppError ? err.code : null;
        if (code && !PASSING.has(code)) {
          this.refuse(row.id, code, err instanceof AppError ? (err.detail ?? '') : '');
          held.add(action.path);
          result.refused++;
          result.touched.push(action.path);
          continue;
        }
        this.db
          .prepare(`UPDATE outbox SET state = 'pending', error_code = ?, error_detail = ?, updated_at = ? WHERE id = ?`)
          .run(code ?? 'files.unreachable', (err instanceof Error ? err.message : String(err)).slice(0, 2000), this.clock.now(), row.id);
        result.blocked = err;
        return result;
      } finally {
        this.inFlight.delete(row.id);
        this.progress.delete(row.id);
      }
    }
    return result;
  }

  private async perform(server: FilesServer, id: string, a: FilesAction, signal: AbortSignal): Promise<'ok' | 'conflict'> {
    switch (a.kind) {
      case 'mkdir':
        await server.mkdir(a.path);
        this.store.setState(a.path, this.waitsBehind(id, a.path) ? 'pending' : 'synced');
        return 'ok';
      case 'move': {
        // A lock does not travel with a move: ours is given up with the old name.
        const lock = this.store.lockOf(a.path) ?? this.store.lockOf(a.to);
        await server.move(a.path, a.to, lock);
        this.store.dropLock(a.path);
        this.store.dropLock(a.to);
        this.store.setState(a.to, 'synced');
        return 'ok';
      }
      case 'copy':
        await server.copy(a.path, a.to);
        for (const r of this.store.tree(a.to)) if (r.etag === null && !this.waitsBehind(id, r.path)) this.store.setState(r.path, 'synced');
        return 'ok';
      case 'delete': {
        let etag = a.etag;
        for (let attempt = 0; ; attempt++) {
          try {
            await server.delete(a.path, etag, this.store.lockOf(a.path));
            break;
          } catch (err) {
            if (!(err instanceof PreconditionFailed)) throw err;
            const current = await server.stat(a.path);
            if (!current) break;
            if (!sameEtag(current.etag, etag) || attempt >= WEAK_TRIES) {
              // Changed there since the user saw it: theirs stays, the entry says why.
              throw new AppError('files.changed', `${a.path} changed on the server (${current.etag ?? 'no etag'})`);
            }
            if (isWeak(current.etag)) await this.sleep(WEAK_WAIT_MS);
            else etag = current.etag;
          }
        }
        this.store.dropLock(a.path);
        return 'ok';
      }
      case 'upload':
        return this.upload(server, id, a, signal);
    }
  }

  private async upload(server: FilesServer, id: string, a: Extract<FilesAction, { kind: 'upload' }>, signal: AbortSignal): Promise<'ok' | 'conflict'> {
    const staged = this.stagedPath(a.staged);
    if (!existsSync(staged)) throw new AppError('internal', `staged copy of ${a.path} is missing`);
    this.progress.set(id, { sent: 0, total: a.size });
    let lastShown = 0;
    const onProgress = (sent: number) => {
      this.progress.set(id, { sent, total: a.size });
      // Told at most every 2% so a big file does not flood the bridge.
      if (sent - lastShown >= a.size / 50 || sent === a.size) {
        lastShown = sent;
        this.onProgress(id);
      }
    };
    const lockToken = this.store.lockOf(a.path);
    // The ETag is read when sent: an earlier upload of the same file in this queue changed it.
    let ifMatch = a.baseEtag === null ? null : (this.store.entry(a.path)?.etag ?? a.baseEtag);
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await server.upload(a.path, staged, { ifMatch, createOnly: ifMatch === null, lockToken, signal, onProgress });
        const etag = res.etag ?? (await server.stat(a.path))?.etag ?? null;
        this.store.uploaded(a.path, etag, a.size, this.clock.now(), this.waitsBehind(id, a.path));
        this.onUploaded(a.path, a.staged, etag);
        return 'ok';
      } catch (err) {
        if (!(err instanceof PreconditionFailed)) throw err;
        const current = await server.stat(a.path);
        if (current && ifMatch !== null && sameEtag(current.etag, ifMatch) && attempt < WEAK_TRIES) {
          // Our base version still, named by a weak ETag: wait for the strong one, then retry.
          if (isWeak(current.etag)) await this.sleep(WEAK_WAIT_MS);
          else ifMatch = current.etag;
          continue;
        }
        this.conflict(id, a, current ? { etag: current.etag, size: current.size, modified: current.modified } : null);
        return 'conflict';
      }
    }
  }

  /** Both versions kept: ours moves to the conflicts folder, theirs stays on the server. */
  private conflict(id: string, a: Extract<FilesAction, { kind: 'upload' }>, theirs: { etag: string | null; size: number; modified: number | null } | null): void {
    const mine = join('conflicts', id, nameOf(a.path));
    mkdirSync(dirname(join(this.dir, mine)), { recursive: true });
    renameSync(this.stagedPath(a.staged), join(this.dir, mine));
    this.store.transaction(() => {
      this.store.addConflict({
        id,
        path: a.path,
        mine_file: mine,
        mine_size: a.size,
        mine_modified: this.clock.now(),
        theirs_etag: theirs?.etag ?? null,
        theirs_size: theirs?.size ?? null,
        theirs_modified: theirs?.modified ?? null,
        created_at: this.clock.now(),
      });
    });
  }

  /** A copy of a local file into the staged folder: what will be sent, whatever happens to the original meanwhile. */
  stage(src: string, name: string): number {
    const dest = this.stagedPath(name);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(src, dest);
    return statSync(dest).size;
  }

  discardStaged(name: string): void {
    rmSync(this.stagedPath(name), { force: true });
  }

  private waitsBehind(id: string, path: string): boolean {
    const seq = this.db.prepare('SELECT seq FROM outbox WHERE id = ?').pluck().get(id) as number | undefined;
    return this.rows(['pending', 'sending', 'refused']).some((r) => r.seq > (seq ?? 0) && this.parse(r)?.path === path);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimer(ms, resolve));
  }

  private isDone(id: string): boolean {
    return (this.db.prepare('SELECT state FROM outbox WHERE id = ?').pluck().get(id) as string | undefined) === 'done';
  }

  private refuse(id: string, code: ErrorCode, detail: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'refused', error_code = ?, error_detail = ?, updated_at = ? WHERE id = ?`).run(code, detail.slice(0, 2000), this.clock.now(), id);
  }

  private markDone(id: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'done', error_code = NULL, error_detail = NULL, updated_at = ? WHERE id = ?`).run(this.clock.now(), id);
  }

  private parse(row: OutboxRow): FilesAction | null {
    try {
      const parsed = actionSchema.safeParse(JSON.parse(row.payload));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}

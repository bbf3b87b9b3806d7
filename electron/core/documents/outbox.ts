// Document actions waiting for the server (ARCHITECTURE rules 3 and 4), in the
// account's one outbox table under topic 'documents'. The entry's id is the
// action id the server knows it by, so a replay after a crash or a lost answer
// is applied once. The server's refusal (409 stale or not allowed, 403, 404,
// 400) is kept on the entry with its reason until the user retries, changes
// or drops it; a passing failure (network, token, 5xx) stops the replay and
// leaves the entry waiting.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { docActionSchema, type DocAction } from '../../../shared/documents';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import { AppError } from '../errors';
import type { ActionOutcome } from './client';
import type { ApiDocument } from './api';

const TOPIC = 'documents';

const payloadSchema = z.object({
  documentId: z.string(),
  action: docActionSchema,
  /** The server version the user saw when they acted. */
  baseVersion: z.number().int().positive().optional(),
  at: z.string(),
  actor: z.object({ username: z.string(), name: z.string() }),
  /**
   * A package the clerk registers from a file: the action is its registration
   * (type register), `documentId` is `import:<id>` until the server made the
   * document, and the bytes wait in doc_imports under `id`.
   */
  import: z.object({ id: z.string(), name: z.string(), documentId: z.string(), code: z.string(), subject: z.string() }).optional(),
});
export type OutboxPayload = z.infer<typeof payloadSchema>;

export interface OutboxEntry {
  id: string;
  seq: number;
  state: 'pending' | 'sending' | 'refused';
  payload: OutboxPayload;
  errorCode: string | null;
  errorDetail: string | null;
  createdAt: number;
}

interface Row {
  id: string;
  seq: number;
  state: string;
  payload: string;
  error_code: string | null;
  error_detail: string | null;
  created_at: number;
}

/** What the server said to one entry. */
export type Delivery = { kind: 'done'; document: ApiDocument } | { kind: 'refused'; code: string; message: string; document?: ApiDocument };

export interface PackageRequest {
  actionId: string;
  packageBase64: string;
  acknowledgeDuplicate?: boolean;
  note?: string;
}

export interface OutboxServer {
  act(documentId: string, request: { actionId: string; baseVersion?: number } & DocAction): Promise<ActionOutcome>;
  importPackage(request: PackageRequest): Promise<ActionOutcome>;
}

/** The placeholder document id of a package not yet on the server. */
export const importKey = (importId: string) => `import:${importId}`;

function entry(r: Row): OutboxEntry {
  return {
    id: r.id,
    seq: r.seq,
    state: r.state as OutboxEntry['state'],
    payload: payloadSchema.parse(JSON.parse(r.payload)),
    errorCode: r.error_code,
    errorDetail: r.error_detail,
    createdAt: r.created_at,
  };
}

export class DocumentOutbox {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Records an action; call inside the transaction that applied it to the cache. */
  enqueue(id: string, payload: OutboxPayload): void {
    const seq = this.db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM outbox').pluck().get() as number;
    const t = this.now();
    this.db
      .prepare(`INSERT INTO outbox (id, seq, topic, kind, payload, state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`)
      .run(id, seq, TOPIC, payload.action.type, JSON.stringify(payload), t, t);
  }

  /** A package to register: its bytes and its entry, in the caller's transaction. */
  enqueueImport(actionId: string, payload: OutboxPayload & { import: NonNullable<OutboxPayload['import']> }, bytes: Uint8Array): void {
    this.db.prepare('INSERT INTO doc_imports (id, name, data, created_at) VALUES (?, ?, ?, ?)').run(payload.import.id, payload.import.name, Buffer.from(bytes), this.now());
    this.enqueue(actionId, payload);
  }

  /** Packages waiting or refused, by their DocumentId: one package is imported once. */
  importFor(documentId: string): OutboxEntry | null {
    return this.entries().find((e) => e.payload.import?.documentId === documentId) ?? null;
  }

  private importBytes(importId: string): Buffer {
    const data = this.db.prepare('SELECT data FROM doc_imports WHERE id = ?').pluck().get(importId) as Buffer | undefined;
    if (!data) throw new AppError('documents.not_found', `the package of import ${importId} is no longer in the cache`);
    return data;
  }

  /** After a crash an entry may be left 'sending': its action id makes sending it again safe. */
  recover(): void {
    this.db.prepare(`UPDATE outbox SET state = 'pending' WHERE topic = ? AND state = 'sending'`).run(TOPIC);
  }

  pendingCount(): number {
    return this.db.prepare(`SELECT count(*) FROM outbox WHERE topic = ? AND state IN ('pending', 'sending')`).pluck().get(TOPIC) as number;
  }

  refusedCount(): number {
    return this.db.prepare(`SELECT count(*) FROM outbox WHERE topic = ? AND state = 'refused'`).pluck().get(TOPIC) as number;
  }

  entries(): OutboxEntry[] {
    const rows = this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND state IN ('pending', 'sending', 'refused') ORDER BY seq`).all(TOPIC) as Row[];
    return rows.map(entry);
  }

  get(id: string): OutboxEntry | null {
    const r = this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND id = ?`).get(TOPIC, id) as Row | undefined;
    return r && r.state !== 'done' ? entry(r) : null;
  }

  /** The actions still to be applied over the server's copy (not the refused ones), in order. */
  pendingFor(documentId: string): OutboxEntry[] {
    return this.entries().filter((e) => e.state !== 'refused' && e.payload.documentId === documentId);
  }

  refusedFor(documentId: string): OutboxEntry[] {
    return this.entries().filter((e) => e.state === 'refused' && e.payload.documentId === documentId);
  }

  /** Documents with an action waiting or refused. */
  documentsWith(): { pending: Set<string>; refused: Set<string> } {
    const pending = new Set<string>();
    const refused = new Set<string>();
    for (const e of this.entries()) (e.state === 'refused' ? refused : pending).add(e.payload.documentId);
    return { pending, refused };
  }

  /**
   * A refused (or waiting) entry sent again: under a new action id (the
   * refused one did nothing on the server), on the version the user now sees,
   * at the end of the queue. `action` replaces what it asks.
   */
  requeue(id: string, baseVersion: number | undefined, action?: DocAction): string {
    return inTransaction(this.db, () => {
      const e = this.get(id);
      if (!e) throw new AppError('documents.not_found', `no outbox entry ${id}`);
      if (e.state === 'sending') throw new AppError('documents.conflict', 'the action is on its way to the server');
      // The entry goes, a package's bytes stay for the new one.
      this.db.prepare(`DELETE FROM outbox WHERE topic = ? AND id = ?`).run(TOPIC, id);
      const fresh = randomUUID();
      this.enqueue(fresh, { ...e.payload, action: action ?? e.payload.action, baseVersion, at: new Date(this.now()).toISOString() });
      return fresh;
    });
  }

  drop(id: string): boolean {
    return inTransaction(this.db, () => {
      const e = this.get(id);
      const gone = this.db.prepare(`DELETE FROM outbox WHERE topic = ? AND id = ? AND state != 'sending'`).run(TOPIC, id).changes > 0;
      if (gone && e?.payload.import) this.db.prepare('DELETE FROM doc_imports WHERE id = ?').run(e.payload.import.id);
      return gone;
    });
  }

  /**
   * Sends waiting entries in order. `delivered` is called for each answer,
   * inside the transaction that settles the entry, so the cache and the
   * outbox change together. Throws on a passing failure (the entry waits).
   */
  async flush(server: OutboxServer, delivered: (e: OutboxEntry, d: Delivery) => void, stopped: () => boolean = () => false): Promise<number> {
    // An earlier entry of this run moved a document from version a to b: a
    // later one based on a (queued offline after it) is based on b now.
    const moved = new Map<string, { from: number; to: number }>();
    let sent = 0;
    for (;;) {
      if (stopped()) return sent;
      const r = this.db.prepare(`SELECT * FROM outbox WHERE topic = ? AND state = 'pending' ORDER BY seq LIMIT 1`).get(TOPIC) as Row | undefined;
      if (!r) return sent;
      const e = entry(r);
      const m = moved.get(e.payload.documentId);
      let base = e.payload.baseVersion;
      if (m && base === m.from) base = m.to;
      this.db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(this.now(), e.id);
      let outcome: ActionOutcome;
      try {
        const imp = e.payload.import;
        if (imp) {
          const register = e.payload.action.type === 'register' ? e.payload.action : { type: 'register' as const };
          outcome = await server.importPackage({
            actionId: e.id,
            packageBase64: this.importBytes(imp.id).toString('base64'),
            ...(register.acknowledgeDuplicate ? { acknowledgeDuplicate: true } : {}),
            ...(register.note ? { note: register.note } : {}),
          });
        } else {
          outcome = await server.act(e.payload.documentId, { ...e.payload.action, actionId: e.id, ...(base !== undefined ? { baseVersion: base } : {}) });
        }
      } catch (err) {
        this.db.prepare(`UPDATE outbox SET state = 'pending', updated_at = ? WHERE id = ?`).run(this.now(), e.id);
        throw err;
      }
      inTransaction(this.db, () => {
        if (outcome.ok) {
          this.db.prepare(`DELETE FROM outbox WHERE id = ?`).run(e.id);
          if (e.payload.import) this.db.prepare('DELETE FROM doc_imports WHERE id = ?').run(e.payload.import.id);
          if (base !== undefined) moved.set(e.payload.documentId, { from: base, to: outcome.document.version });
          delivered(e, { kind: 'done', document: outcome.document });
        } else {
          this.db
            .prepare(`UPDATE outbox SET state = 'refused', error_code = ?, error_detail = ?, updated_at = ? WHERE id = ?`)
            .run(outcome.code, outcome.message, this.now(), e.id);
          delivered({ ...e, state: 'refused', errorCode: outcome.code, errorDetail: outcome.message }, { kind: 'refused', code: outcome.code, message: outcome.message, document: outcome.document });
        }
      });
      sent++;
    }
  }
}

/**
 * The reference service's SQLite store. A document is kept whole as the API's
 * JSON beside the columns the rules query (duplicates, numbers, the feed).
 * Each save gives the document the next change number and records, per person,
 * whether they may see it now: the delta feed reads that table, so a cursor is
 * just a change number and survives a restart.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DocumentSchema, type ApiDocument } from '../../../electron/core/documents/api.ts';
import { PEOPLE } from './org.ts';
import { canSee } from './rules.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  version INTEGER NOT NULL,
  direction TEXT NOT NULL,
  state TEXT NOT NULL,
  document_id TEXT,
  number TEXT,
  notation TEXT,
  issuer_organ_id TEXT,
  package_sha TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_document_id ON documents(document_id);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number, notation, issuer_organ_id);
CREATE TABLE IF NOT EXISTS access (
  doc_id TEXT NOT NULL,
  username TEXT NOT NULL,
  visible INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (doc_id, username)
);
CREATE INDEX IF NOT EXISTS access_feed ON access(username, seq);
CREATE TABLE IF NOT EXISTS registers (register TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (register, year));
CREATE TABLE IF NOT EXISTS actions (
  action_id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  at TEXT NOT NULL
);
`;

export interface StoredAction {
  username: string;
  requestHash: string;
  status: number;
  response: string;
}

export interface FeedRow {
  docId: string;
  visible: boolean;
  seq: number;
}

export class Store {
  readonly db: Database.Database;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.db = new Database(path.join(dir, 'documents.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    if (this.meta('epoch') === undefined) this.setMeta('epoch', '1');
    if (this.meta('seq') === undefined) this.setMeta('seq', '0');
  }

  close(): void {
    this.db.close();
  }

  /** BEGIN IMMEDIATE: a second writer (the seed while the service runs) waits instead of failing. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  get epoch(): number {
    return Number(this.meta('epoch'));
  }

  get lastSeq(): number {
    return Number(this.meta('seq'));
  }

  private nextSeq(): number {
    const n = this.lastSeq + 1;
    this.setMeta('seq', String(n));
    return n;
  }

  get(id: string): ApiDocument | undefined {
    const row = this.db.prepare('SELECT body FROM documents WHERE id = ?').get(id) as { body: string } | undefined;
    return row ? DocumentSchema.parse(JSON.parse(row.body)) : undefined;
  }

  packageSha(id: string): string | undefined {
    const row = this.db.prepare('SELECT package_sha FROM documents WHERE id = ?').get(id) as { package_sha: string | null } | undefined;
    return row?.package_sha ?? undefined;
  }

  /** Call inside tx(). Writes the document as given and updates who may see it. */
  save(doc: ApiDocument, opts: { packageSha?: string } = {}): void {
    const seq = this.nextSeq();
    const checked = DocumentSchema.parse(doc);
    this.db
      .prepare(
        `INSERT INTO documents(id, seq, version, direction, state, document_id, number, notation, issuer_organ_id, package_sha, body)
         VALUES (@id, @seq, @version, @direction, @state, @documentId, @number, @notation, @issuer, @packageSha, @body)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, version = excluded.version, state = excluded.state, document_id = excluded.document_id,
           number = excluded.number, notation = excluded.notation, issuer_organ_id = excluded.issuer_organ_id,
           package_sha = COALESCE(excluded.package_sha, documents.package_sha), body = excluded.body`,
      )
      .run({
        id: checked.id,
        seq,
        version: checked.version,
        direction: checked.direction,
        state: checked.state,
        documentId: checked.documentId,
        number: checked.number,
        notation: checked.notation,
        issuer: checked.issuer.organId,
        packageSha: opts.packageSha ?? null,
        body: JSON.stringify(checked),
      });
    const current = this.db.prepare('SELECT username, visible FROM access WHERE doc_id = ?').all(checked.id) as { username: string; visible: number }[];
    const was = new Map(current.map((r) => [r.username, r.visible === 1]));
    const upsert = this.db.prepare(
      'INSERT INTO access(doc_id, username, visible, seq) VALUES (?, ?, ?, ?) ON CONFLICT(doc_id, username) DO UPDATE SET visible = excluded.visible, seq = excluded.seq',
    );
    for (const p of PEOPLE) {
      const sees = canSee(checked, p);
      // A document someone sees changed: they get it again. Someone who saw it and no longer may: a removal.
      if (sees || was.get(p.username)) upsert.run(checked.id, p.username, sees ? 1 : 0, seq);
    }
  }

  visibleTo(id: string, username: string): boolean {
    const row = this.db.prepare('SELECT visible FROM access WHERE doc_id = ? AND username = ?').get(id, username) as { visible: number } | undefined;
    return row?.visible === 1;
  }

  feed(username: string, after: number, limit: number): FeedRow[] {
    const rows = this.db.prepare('SELECT doc_id, visible, seq FROM access WHERE username = ? AND seq > ? ORDER BY seq LIMIT ?').all(username, after, limit) as {
      doc_id: string;
      visible: number;
      seq: number;
    }[];
    return rows.map((r) => ({ docId: r.doc_id, visible: r.visible === 1, seq: r.seq }));
  }

  /** Call inside tx(): the next number of a register in a year (from 1 each 1 January). */
  nextNumber(register: string, year: number): number {
    const row = this.db.prepare('SELECT last FROM registers WHERE register = ? AND year = ?').get(register, year) as { last: number } | undefined;
    const n = (row?.last ?? 0) + 1;
    this.db.prepare('INSERT INTO registers(register, year, last) VALUES (?, ?, ?) ON CONFLICT(register, year) DO UPDATE SET last = excluded.last').run(register, year, n);
    return n;
  }

  /** Incoming documents already known under this identifier, or this number, notation and issuer. */
  duplicates(doc: Pick<ApiDocument, 'id' | 'documentId' | 'number' | 'notation' | 'issuer'>): ApiDocument['duplicateOf'] {
    const out: ApiDocument['duplicateOf'] = [];
    if (doc.documentId) {
      const rows = this.db.prepare("SELECT id FROM documents WHERE direction = 'incoming' AND document_id = ? AND id != ?").all(doc.documentId, doc.id) as { id: string }[];
      rows.forEach((r) => out.push({ id: r.id, reason: 'document_id' }));
    }
    if (doc.number && doc.notation) {
      const rows = this.db
        .prepare("SELECT id FROM documents WHERE direction = 'incoming' AND number = ? AND notation = ? AND issuer_organ_id = ? AND id != ?")
        .all(doc.number, doc.notation, doc.issuer.organId, doc.id) as { id: string }[];
      rows.forEach((r) => {
        if (!out.some((o) => o.id === r.id)) out.push({ id: r.id, reason: 'number_notation_issuer' });
      });
    }
    return out;
  }

  byDocumentId(documentId: string, direction: ApiDocument['direction']): ApiDocument[] {
    const rows = this.db.prepare('SELECT body FROM documents WHERE document_id = ? AND direction = ?').all(documentId, direction) as { body: string }[];
    return rows.map((r) => DocumentSchema.parse(JSON.parse(r.body)));
  }

  action(actionId: string): StoredAction | undefined {
    const row = this.db.prepare('SELECT username, request_hash, status, response FROM actions WHERE action_id = ?').get(actionId) as
      | { username: string; request_hash: string; status: number; response: string }
      | undefined;
    return row ? { username: row.username, requestHash: row.request_hash, status: row.status, response: row.response } : undefined;
  }

  recordAction(actionId: string, a: StoredAction, at: string): void {
    this.db.prepare('INSERT INTO actions(action_id, username, request_hash, status, response, at) VALUES (?, ?, ?, ?, ?, ?)').run(actionId, a.username, a.requestHash, a.status, a.response, at);
  }

  /** The seed replaces everything: old cursors then answer cursor_expired and clients start over. */
  wipe(): void {
    const epoch = this.epoch + 1;
    this.db.exec('DELETE FROM documents; DELETE FROM access; DELETE FROM registers; DELETE FROM actions;');
    this.setMeta('epoch', String(epoch));
  }
}

// The documents cache: its SQL and nothing else touches its tables
// (migration 010_documents.sql). A document is kept twice: as the server last
// gave it, and as the user sees it (the server's copy with their queued
// actions applied); list columns and the search index follow the second.
import type { Box, DocFilter, DocSort } from '../../../shared/documents';
import { foldForIndex, ftsExpression, pairTokens, type ParsedQuery } from '../../../shared/text-search';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import type { ApiDocument } from './api';
import { BOX_BITS, boxesOf, myDeadline, URGENCY_RANK, type Me } from './boxes';
import { dueEntriesOf } from './due-entries';

export interface DocRow {
  rowid: number;
  id: string;
  version: number;
  server: string;
  /** NULL when the user sees the server's copy as it is. */
  doc: string | null;
  direction: string;
  state: string;
  code: string;
  subject: string;
  issuer: string;
  type_name: string;
  day: string;
  sort_at: number;
  deadline: string | null;
  urgency: string;
  urgency_rank: number;
  confidentiality: string;
  attachments: number;
  boxes: number;
  unread: number;
  seen_version: number;
  source_id: string | null;
}

export type ListRow = Omit<DocRow, 'server' | 'doc' | 'source_id'>;

const LIST_COLUMNS = 'rowid, id, version, direction, state, code, subject, issuer, type_name, day, sort_at, deadline, urgency, urgency_rank, confidentiality, attachments, boxes, unread, seen_version';

/** "125/STTTT-CĐS": number and notation as Decree 30 writes them; the notation alone before a number exists. */
export function codeOf(doc: Pick<ApiDocument, 'number' | 'notation'>): string {
  if (doc.number && doc.notation) return `${doc.number}/${doc.notation}`;
  return doc.notation ?? doc.number ?? '';
}

/** The texts a document is found by, as the user would read them. */
export function searchTexts(doc: ApiDocument, fileText: string): { code: string; subject: string; people: string; opinions: string; files: string; body: string } {
  const people = [
    doc.issuer.name,
    doc.signer?.fullName,
    doc.signer?.position,
    doc.drafter?.name,
    doc.typeName,
    ...doc.assignments.map((a) => a.assignee.name),
    ...doc.recipients.map((r) => r.name),
  ].filter((s): s is string => !!s);
  return {
    code: [codeOf(doc), doc.documentId ?? '', doc.registration ? String(doc.registration.number) : ''].join(' '),
    subject: doc.subject,
    people: people.join(' · '),
    opinions: doc.opinions.map((o) => `${o.author.name}: ${o.text}`).join('\n'),
    files: doc.attachments.map((a) => a.name).join(' · '),
    body: [doc.content ?? '', fileText].join('\n'),
  };
}

/** The stored texts of a document (doc_texts, with the row's subject): searchTexts without the PDF text. */
export interface StoredTexts {
  code: string;
  subject: string;
  people: string;
  opinions: string;
  files: string;
  content: string;
}

/** searchTexts again from what is stored, the PDF text added: the same strings, no JSON read. */
export function textsWithFiles(t: StoredTexts, fileText: string): ReturnType<typeof searchTexts> {
  return { code: t.code, subject: t.subject, people: t.people, opinions: t.opinions, files: t.files, body: [t.content, fileText].join('\n') };
}

export interface ListQuery {
  box: Box;
  sort: DocSort;
  filter: DocFilter;
  after: string | null;
  limit: number;
  today: string;
}

/** A new/urge moment with the list columns the notice names (doc_due joined to its document). */
export interface DueRow {
  id: string;
  code: string;
  subject: string;
  urgency: ApiDocument['urgency'];
  key: string;
  kind: 'new' | 'urge';
  at: number;
  detail: string | null;
  count: number;
  /** JSON array of keys, or NULL. */
  earlier: string | null;
}

export interface DeadlineRow {
  id: string;
  code: string;
  subject: string;
  urgency: ApiDocument['urgency'];
  state: ApiDocument['state'];
  deadline: string;
}

export class DocumentStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      get: db.prepare<[string], DocRow>(`SELECT * FROM doc_documents WHERE id = ?`),
      rowidOf: db.prepare<[string], { rowid: number }>(`SELECT rowid FROM doc_documents WHERE id = ?`),
      upsert: db.prepare(`
        INSERT INTO doc_documents (id, version, server, doc, direction, state, code, subject, issuer, type_name, day, sort_at, deadline, urgency, urgency_rank, confidentiality, attachments, boxes, unread, seen_version, source_id)
        VALUES (@id, @version, @server, @doc, @direction, @state, @code, @subject, @issuer, @type_name, @day, @sort_at, @deadline, @urgency, @urgency_rank, @confidentiality, @attachments, @boxes, @unread, 0, @source_id)
        ON CONFLICT (id) DO UPDATE SET version = excluded.version, server = excluded.server, doc = excluded.doc, direction = excluded.direction,
          state = excluded.state, code = excluded.code, subject = excluded.subject, issuer = excluded.issuer, type_name = excluded.type_name,
          day = excluded.day, sort_at = excluded.sort_at, deadline = excluded.deadline, urgency = excluded.urgency, urgency_rank = excluded.urgency_rank,
          confidentiality = excluded.confidentiality, attachments = excluded.attachments, boxes = excluded.boxes, source_id = excluded.source_id,
          unread = CASE WHEN excluded.unread = 1 AND doc_documents.seen_version < excluded.version THEN 1 ELSE doc_documents.unread END`),
      remove: db.prepare(`DELETE FROM doc_documents WHERE id = ?`),
      removeFiles: db.prepare(`DELETE FROM doc_files WHERE doc_id = ?`),
      removeText: db.prepare(`DELETE FROM doc_file_text WHERE doc_id = ?`),
      unindex: db.prepare(`DELETE FROM doc_search WHERE rowid = ?`),
      putTexts: db.prepare(`INSERT OR REPLACE INTO doc_texts (rowid, code, people, opinions, files, content) VALUES (?, ?, ?, ?, ?, ?)`),
      index: db.prepare(`INSERT INTO doc_search (rowid, code, subject, people, opinions, files, body, pairs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      meta: db.prepare<[string], { value: string }>(`SELECT value FROM doc_meta WHERE key = ?`),
      setMeta: db.prepare(`INSERT INTO doc_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
      markRead: db.prepare(`UPDATE doc_documents SET unread = 0, seen_version = version WHERE id = ?`),
      fileText: db.prepare<[string], { text: string }>(`SELECT text FROM doc_file_text WHERE doc_id = ? ORDER BY attachment_id`),
      clearDue: db.prepare(`DELETE FROM doc_due WHERE doc_rowid = ?`),
      putDue: db.prepare(`INSERT OR REPLACE INTO doc_due (doc_rowid, key, kind, at, detail, count, earlier) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      dueBetween: db.prepare<[number, number, number], DueRow>(`
        SELECT d.id, d.code, d.subject, d.urgency, e.key, e.kind, e.at, e.detail, e.count, e.earlier
        FROM doc_due e JOIN doc_documents d ON d.rowid = e.doc_rowid
        WHERE e.at >= ? AND e.at < ? AND (d.boxes & ?) != 0`),
      // The same expression as the doc_deadline index, so this is a range of it.
      deadlinesBetween: db.prepare<[string, string, number], DeadlineRow>(`
        SELECT id, code, subject, urgency, state, deadline FROM doc_documents
        WHERE coalesce(deadline, '9999-12-31') >= ? AND coalesce(deadline, '9999-12-31') <= ? AND deadline IS NOT NULL AND (boxes & ?) != 0`),
      // The documents to process: a range of doc_todo_deadline (migration 023), whose condition this repeats word for word.
      toProcessDeadlinesBetween: db.prepare<[string, string], DeadlineRow>(`
        SELECT id, code, subject, urgency, state, deadline FROM doc_documents INDEXED BY doc_todo_deadline
        WHERE deadline >= ? AND deadline <= ? AND deadline IS NOT NULL AND (boxes & ${BOX_BITS.to_process}) != 0`),
    };
  }

  /** Runs fn in one transaction of the cache. */
  transaction<T>(fn: () => T): T {
    return inTransaction(this.db, fn);
  }

  meta(key: string): string | null {
    return this.s.meta.get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.s.setMeta.run(key, value);
  }

  me(): Me | null {
    const raw = this.meta('me');
    return raw ? (JSON.parse(raw) as Me & { name: string }) : null;
  }

  get(id: string): DocRow | undefined {
    return this.s.get.get(id);
  }

  server(id: string): ApiDocument | null {
    const row = this.get(id);
    return row ? (JSON.parse(row.server) as ApiDocument) : null;
  }

  view(id: string): ApiDocument | null {
    const row = this.get(id);
    return row ? DocumentStore.viewOf(row) : null;
  }

  static viewOf(row: Pick<DocRow, 'server' | 'doc'>): ApiDocument {
    return JSON.parse(row.doc ?? row.server) as ApiDocument;
  }

  /** The incoming document held under a national identifier (a package imported twice is one document). Rare: a scan is fine. */
  incomingWithDocumentId(documentId: string): string | null {
    const id = this.db.prepare(`SELECT id FROM doc_documents WHERE direction = 'incoming' AND json_extract(server, '$.documentId') = ? LIMIT 1`).pluck().get(documentId) as string | undefined;
    return id ?? null;
  }

  ids(): string[] {
    return this.db.prepare(`SELECT id FROM doc_documents`).pluck().all() as string[];
  }

  /**
   * Writes the server's copy and the view the user sees (`view`, the server's
   * copy with their queued actions on top), and indexes it. `byOther`: the
   * change came from someone else, so it is unread again.
   */
  put(server: ApiDocument, view: ApiDocument, me: Me | null, byOther: boolean): void {
    const bits = me ? boxesOf(view, me) : 0;
    const day = view.promulgationDate ?? (view.arrivedAt ?? view.createdAt).slice(0, 10);
    const sortAt = Date.parse(view.arrivedAt ?? view.createdAt);
    this.s.upsert.run({
      id: server.id,
      version: server.version,
      server: JSON.stringify(server),
      doc: view === server ? null : JSON.stringify(view),
      source_id: view.sourceDocument,
      direction: view.direction,
      state: view.state,
      code: codeOf(view),
      subject: view.subject,
      issuer: view.issuer.name,
      type_name: view.typeName,
      day,
      sort_at: Number.isFinite(sortAt) ? sortAt : 0,
      deadline: me ? myDeadline(view, me) : view.dueDate,
      urgency: view.urgency,
      urgency_rank: URGENCY_RANK[view.urgency],
      confidentiality: view.confidentiality,
      attachments: view.attachments.length,
      boxes: bits,
      unread: byOther ? 1 : 0,
    });
    this.putDue(server.id, view, me, bits);
    this.reindex(server.id, view);
  }

  /** The document's new/urge moments (doc_due), kept only while it is to process. */
  private putDue(id: string, view: ApiDocument, me: Me | null, bits: number): void {
    const rowid = this.s.rowidOf.get(id)?.rowid;
    if (rowid === undefined) return;
    this.s.clearDue.run(rowid);
    if (!me || (bits & BOX_BITS.to_process) === 0) return;
    for (const e of dueEntriesOf(view, me)) this.s.putDue.run(rowid, e.key, e.kind, e.at, e.detail, e.count, e.earlier.length ? JSON.stringify(e.earlier) : null);
  }

  /** Fills doc_due for rows cached before migration 021 (once; a no-op afterwards). */
  fillDue(me: Me | null): number {
    if (this.meta('due_fill') === null || !me) return 0;
    let n = 0;
    inTransaction(this.db, () => {
      const rows = this.db.prepare(`SELECT id, boxes, server, doc FROM doc_documents WHERE (boxes & ?) != 0`).all(BOX_BITS.to_process) as { id: string; boxes: number; server: string; doc: string | null }[];
      for (const r of rows) this.putDue(r.id, DocumentStore.viewOf(r), me, r.boxes);
      n = rows.length;
      this.db.prepare(`DELETE FROM doc_meta WHERE key = 'due_fill'`).run();
    });
    return n;
  }

  /** New/urge moments in [fromMs, toMs) of documents in a box (one range of doc_due_at). */
  dueBetween(fromMs: number, toMs: number, bit: number): DueRow[] {
    return this.s.dueBetween.all(fromMs, toMs, bit);
  }

  /** Documents in a box whose deadline day lies in [fromDay, toDay]: one range of doc_todo_deadline for To process, of doc_deadline for the others. */
  deadlinesBetween(fromDay: string, toDay: string, bit: number): DeadlineRow[] {
    if (bit === BOX_BITS.to_process) return this.s.toProcessDeadlinesBetween.all(fromDay, toDay);
    return this.s.deadlinesBetween.all(fromDay, toDay, bit);
  }

  reindex(id: string, view: ApiDocument): void {
    const rowid = this.s.rowidOf.get(id)?.rowid;
    if (rowid === undefined) return;
    const fileText = this.s.fileText
      .all(id)
      .map((r) => r.text)
      .join('\n');
    const t = searchTexts(view, fileText);
    const folded = [t.code, t.subject, t.people, t.opinions, t.files, t.body].map(foldForIndex);
    const pairs = [t.subject, t.opinions, t.people, t.body].map((x) => pairTokens(foldForIndex(x))).join(' ');
    this.s.unindex.run(rowid);
    this.s.index.run(rowid, ...folded, pairs);
    this.s.putTexts.run(rowid, t.code, t.people, t.opinions, t.files, view.content ?? '');
  }

  /**
   * The texts search checks and cuts snippets from, for many rows in one
   * statement (a per-row statement costs more than the strings); from the
   * JSON only for a row not yet filled.
   */
  textsOf(rows: readonly { rowid: number; id: string }[]): Map<number, StoredTexts> {
    const out = new Map<number, StoredTexts>();
    if (rows.length === 0) return out;
    const stored = this.db
      .prepare(`SELECT t.rowid AS rowid, t.code, d.subject, t.people, t.opinions, t.files, t.content FROM doc_texts t JOIN doc_documents d ON d.rowid = t.rowid WHERE t.rowid IN (${rows.map(() => '?').join(',')})`)
      .all(...rows.map((r) => r.rowid)) as (StoredTexts & { rowid: number })[];
    for (const { rowid, ...t } of stored) out.set(rowid, t);
    for (const r of rows) {
      if (out.has(r.rowid)) continue;
      const view = this.view(r.id);
      if (!view) continue;
      const t = searchTexts(view, '');
      out.set(r.rowid, { code: t.code, subject: t.subject, people: t.people, opinions: t.opinions, files: t.files, content: view.content ?? '' });
    }
    return out;
  }

  /** The PDF text of many documents (only those that have some are in the map). */
  fileTextsOf(ids: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const rows = this.db.prepare(`SELECT doc_id, text FROM doc_file_text WHERE doc_id IN (${ids.map(() => '?').join(',')}) ORDER BY doc_id, attachment_id`).all(...ids) as { doc_id: string; text: string }[];
    for (const r of rows) {
      const before = out.get(r.doc_id);
      out.set(r.doc_id, before === undefined ? r.text : `${before}\n${r.text}`);
    }
    return out;
  }

  /** Stores the texts of rows cached before migration 014 (once; a no-op afterwards). */
  fillTexts(): number {
    // Every start asks: two counts (an index each) spare it the anti-join over every document once all are filled.
    const counts = this.db.prepare(`SELECT (SELECT count(*) FROM doc_documents) AS docs, (SELECT count(*) FROM doc_texts) AS texts`).get() as { docs: number; texts: number };
    if (counts.docs === counts.texts) return 0;
    const rows = this.db.prepare(`SELECT rowid, server, doc FROM doc_documents WHERE rowid NOT IN (SELECT rowid FROM doc_texts)`).all() as { rowid: number; server: string; doc: string | null }[];
    if (rows.length === 0) return 0;
    inTransaction(this.db, () => {
      for (const r of rows) {
        const view = DocumentStore.viewOf(r);
        const t = searchTexts(view, '');
        this.s.putTexts.run(r.rowid, t.code, t.people, t.opinions, t.files, view.content ?? '');
      }
    });
    return rows.length;
  }

  /** Gone from the user's view on the server: the row, its files, their text and its index entry. */
  remove(id: string): boolean {
    const rowid = this.s.rowidOf.get(id)?.rowid;
    if (rowid === undefined) return false;
    this.s.unindex.run(rowid);
    this.s.removeFiles.run(id);
    this.s.removeText.run(id);
    // doc_texts goes with the row (ON DELETE CASCADE).
    this.s.remove.run(id);
    return true;
  }

  markRead(id: string): boolean {
    return this.s.markRead.run(id).changes > 0;
  }

  /** Every row's box bits and deadline again (the user's role or unit became known or changed). */
  rederive(me: Me): void {
    inTransaction(this.db, () => {
      const rows = this.db.prepare(`SELECT id, server, doc FROM doc_documents`).all() as { id: string; server: string; doc: string | null }[];
      const upd = this.db.prepare(`UPDATE doc_documents SET boxes = ?, deadline = ? WHERE id = ?`);
      for (const r of rows) {
        const view = DocumentStore.viewOf(r);
        const bits = boxesOf(view, me);
        upd.run(bits, myDeadline(view, me), r.id);
        this.putDue(r.id, view, me, bits);
      }
      // Every row is derived for this user now.
      this.db.prepare(`DELETE FROM doc_meta WHERE key = 'due_fill'`).run();
    });
  }

  counts(): { box: Box; total: number; unread: number }[] {
    const row = this.db
      .prepare(
        `SELECT ${Object.entries(BOX_BITS)
          .map(([box, bit]) => `sum(boxes & ${bit} != 0) AS "${box}_t", sum(boxes & ${bit} != 0 AND unread = 1) AS "${box}_u"`)
          .join(', ')} FROM doc_documents`,
      )
      .get() as Record<string, number | null>;
    return (Object.keys(BOX_BITS) as Box[]).map((box) => ({ box, total: row[`${box}_t`] ?? 0, unread: row[`${box}_u`] ?? 0 }));
  }

  /** One page of a box, keyed by the sort's own columns so a page is one index range, whatever the depth. */
  list(q: ListQuery): { rows: ListRow[]; next: string | null; total: number } {
    const where: string[] = [`(boxes & ${BOX_BITS[q.box]}) != 0`];
    const args: (string | number)[] = [];
    const f = q.filter;
    if (f.urgency?.length) {
      where.push(`urgency IN (${f.urgency.map(() => '?').join(',')})`);
      args.push(...f.urgency);
    }
    if (f.state?.length) {
      where.push(`state IN (${f.state.map(() => '?').join(',')})`);
      args.push(...f.state);
    }
    if (f.issuer) {
      where.push('issuer = ?');
      args.push(f.issuer);
    }
    if (f.typeName) {
      where.push('type_name = ?');
      args.push(f.typeName);
    }
    if (f.due) {
      where.push(`deadline IS NOT NULL AND deadline ${f.due === 'overdue' ? '<' : '<='} ? AND state NOT IN ('finished', 'rejected', 'taken_back', 'sent')`);
      args.push(q.today);
    }
    const total = (this.db.prepare(`SELECT count(*) FROM doc_documents WHERE ${where.join(' AND ')}`).pluck().get(...args) as number) ?? 0;
    let order: string;
    let keyOf: (r: ListRow) => (string | number)[];
    const after = q.after ? (JSON.parse(q.after) as (string | number)[]) : null;
    if (q.sort === 'deadline') {
      order = `coalesce(deadline, '9999-12-31') ASC, sort_at DESC, rowid DESC`;
      keyOf = (r) => [r.deadline ?? '9999-12-31', r.sort_at, r.rowid];
      if (after) {
        where.push(`(coalesce(deadline, '9999-12-31') > ? OR (coalesce(deadline, '9999-12-31') = ? AND (sort_at < ? OR (sort_at = ? AND rowid < ?))))`);
        args.push(after[0]!, after[0]!, after[1]!, after[1]!, after[2]!);
      }
    } else if (q.sort === 'urgency') {
      order = 'urgency_rank DESC, sort_at DESC, rowid DESC';
      keyOf = (r) => [r.urgency_rank, r.sort_at, r.rowid];
      if (after) {
        where.push(`(urgency_rank < ? OR (urgency_rank = ? AND (sort_at < ? OR (sort_at = ? AND rowid < ?))))`);
        args.push(after[0]!, after[0]!, after[1]!, after[1]!, after[2]!);
      }
    } else {
      order = 'sort_at DESC, rowid DESC';
      keyOf = (r) => [r.sort_at, r.rowid];
      if (after) {
        where.push(`(sort_at < ? OR (sort_at = ? AND rowid < ?))`);
        args.push(after[0]!, after[0]!, after[1]!);
      }
    }
    const rows = this.db.prepare(`SELECT ${LIST_COLUMNS} FROM doc_documents WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`).all(...args, q.limit + 1) as ListRow[];
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    return { rows: page, next: more ? JSON.stringify(keyOf(page[page.length - 1]!)) : null, total };
  }

  listRows(ids: string[]): ListRow[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${LIST_COLUMNS} FROM doc_documents WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as ListRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ListRow => r !== undefined);
  }

  /** Documents that name this one as their source (a copy sent on, a reply). */
  replyIds(id: string): string[] {
    return this.db.prepare(`SELECT id FROM doc_documents WHERE source_id = ? LIMIT 20`).pluck().all(id) as string[];
  }

  facets(box: Box): { issuers: string[]; typeNames: string[] } {
    const bit = BOX_BITS[box];
    const issuers = this.db.prepare(`SELECT DISTINCT issuer FROM doc_documents WHERE (boxes & ${bit}) != 0 ORDER BY issuer`).pluck().all() as string[];
    const typeNames = this.db.prepare(`SELECT DISTINCT type_name FROM doc_documents WHERE (boxes & ${bit}) != 0 ORDER BY type_name`).pluck().all() as string[];
    return { issuers, typeNames };
  }

  /** Newest first (rowid order), `before` for the next batch. */
  searchCandidates(match: string, limit: number, box: Box | undefined, before: number | null): { rowid: number; id: string; code: string; subject: string }[] {
    const boxClause = box ? `AND (d.boxes & ${BOX_BITS[box]}) != 0` : '';
    return this.db
      .prepare(
        `SELECT d.rowid AS rowid, d.id AS id, d.code AS code, d.subject AS subject FROM doc_search s JOIN doc_documents d ON d.rowid = s.rowid
         WHERE doc_search MATCH ? AND s.rowid < ? ${boxClause} ORDER BY s.rowid DESC LIMIT ?`,
      )
      .all(match, before ?? Number.MAX_SAFE_INTEGER, limit) as { rowid: number; id: string; code: string; subject: string }[];
  }

  searchExpression(q: ParsedQuery, prefix: boolean): string {
    return ftsExpression(q, 'pairs', prefix);
  }

  fileTextOf(id: string): string {
    return this.s.fileText
      .all(id)
      .map((r) => r.text)
      .join('\n');
  }

  // ---- files ----

  file(docId: string, attachmentId: string): { etag: string | null; content_type: string; size: number; data: Buffer } | undefined {
    return this.db.prepare(`SELECT etag, content_type, size, data FROM doc_files WHERE doc_id = ? AND attachment_id = ?`).get(docId, attachmentId) as
      | { etag: string | null; content_type: string; size: number; data: Buffer }
      | undefined;
  }

  keptFiles(docId: string): Set<string> {
    return new Set(this.db.prepare(`SELECT attachment_id FROM doc_files WHERE doc_id = ?`).pluck().all(docId) as string[]);
  }

  putFile(docId: string, attachmentId: string, etag: string | null, contentType: string, data: Buffer, at: number): void {
    // The document may have left the view while the file was on its way: keep nothing of it then.
    if (!this.s.rowidOf.get(docId)) return;
    this.db
      .prepare(
        `INSERT INTO doc_files (doc_id, attachment_id, etag, content_type, size, data, kept_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (doc_id, attachment_id) DO UPDATE SET etag = excluded.etag, content_type = excluded.content_type, size = excluded.size, data = excluded.data, kept_at = excluded.kept_at`,
      )
      .run(docId, attachmentId, etag, contentType, data.length, data, at);
  }

  keptBytes(): number {
    return (this.db.prepare(`SELECT coalesce(sum(size), 0) FROM doc_files`).pluck().get() as number) ?? 0;
  }

  /** Kept attachment bytes in all, how many files, and how much of it is To process's. */
  keptUse(): { bytes: number; files: number; toProcessBytes: number } {
    const r = this.db
      .prepare(
        `SELECT coalesce(sum(f.size), 0) AS bytes, count(*) AS files,
                coalesce(sum(CASE WHEN (d.boxes & ${BOX_BITS.to_process}) != 0 THEN f.size ELSE 0 END), 0) AS toProcessBytes
         FROM doc_files f LEFT JOIN doc_documents d ON d.id = f.doc_id`,
      )
      .get() as { bytes: number; files: number; toProcessBytes: number };
    return r;
  }

  /**
   * Files of documents outside To process, least recently opened first (never
   * opened before any that was, then the oldest kept): what goes when the size
   * limit is reached. Documents in `keep` (actions waiting on them) are left out.
   */
  evictable(keep: ReadonlySet<string> = new Set()): { doc_id: string; attachment_id: string; size: number }[] {
    const rows = this.db
      .prepare(
        `SELECT f.doc_id, f.attachment_id, f.size FROM doc_files f JOIN doc_documents d ON d.id = f.doc_id WHERE (d.boxes & ${BOX_BITS.to_process}) = 0 ORDER BY f.opened_at, f.kept_at`,
      )
      .all() as { doc_id: string; attachment_id: string; size: number }[];
    return rows.filter((r) => !keep.has(r.doc_id));
  }

  /** The user opened a kept file now: it is the last of its kind to be evicted. */
  markFileOpened(docId: string, attachmentId: string, at: number): void {
    this.db.prepare(`UPDATE doc_files SET opened_at = ? WHERE doc_id = ? AND attachment_id = ?`).run(at, docId, attachmentId);
  }

  dropFile(docId: string, attachmentId: string): void {
    this.db.prepare(`DELETE FROM doc_files WHERE doc_id = ? AND attachment_id = ?`).run(docId, attachmentId);
  }

  setFileText(docId: string, attachmentId: string, text: string): void {
    if (!this.s.rowidOf.get(docId)) return;
    this.db.prepare(`INSERT OR REPLACE INTO doc_file_text (doc_id, attachment_id, text) VALUES (?, ?, ?)`).run(docId, attachmentId, text);
  }

  hasFileText(docId: string, attachmentId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM doc_file_text WHERE doc_id = ? AND attachment_id = ?`).get(docId, attachmentId) !== undefined;
  }

  /** To-process documents' attachments not yet kept, for offline reading. */
  toKeep(): { docId: string; attachmentId: string; size: number }[] {
    const rows = this.db.prepare(`SELECT id, server, doc FROM doc_documents WHERE (boxes & ${BOX_BITS.to_process}) != 0 AND attachments > 0`).all() as { id: string; server: string; doc: string | null }[];
    const out: { docId: string; attachmentId: string; size: number }[] = [];
    for (const r of rows) {
      const kept = this.keptFiles(r.id);
      for (const a of DocumentStore.viewOf(r).attachments) if (!kept.has(a.id)) out.push({ docId: r.id, attachmentId: a.id, size: a.size });
    }
    return out;
  }

  // ---- the printed register and report (migration 016: the same expressions are indexed) ----

  /** Documents entered in a register on the days from..to (Vietnam's calendar), as the user sees them. */
  registeredBetween(from: string, to: string): ApiDocument[] {
    const rows = this.db
      .prepare(`SELECT server, doc FROM doc_documents WHERE date(json_extract(server, '$.registration.registeredAt'), '+7 hours') BETWEEN ? AND ?`)
      .all(from, to) as { server: string; doc: string | null }[];
    return rows.map((r) => DocumentStore.viewOf(r));
  }

  /** Documents first given to a unit or a person on the days from..to (Vietnam's calendar), as the user sees them. */
  assignedBetween(from: string, to: string): ApiDocument[] {
    const rows = this.db
      .prepare(`SELECT server, doc FROM doc_documents WHERE date(json_extract(coalesce(doc, server), '$.assignments[0].assignedAt'), '+7 hours') BETWEEN ? AND ?`)
      .all(from, to) as { server: string; doc: string | null }[];
    return rows.map((r) => DocumentStore.viewOf(r));
  }
}

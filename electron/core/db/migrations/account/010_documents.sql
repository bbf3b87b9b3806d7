-- Official documents (issue 15). Only electron/core/documents/store.ts reads or
-- writes these tables; the outbox entries (topic 'documents') are the action
-- requests with their action ids.

-- One row per document the user may see. `server` is the document as the
-- server last gave it (JSON, the API's Document); `doc` is what the user sees:
-- the server's copy with the user's queued actions applied on top. The
-- columns beside them are derived from `doc` for lists, sorting and filters.
CREATE TABLE doc_documents (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  server TEXT NOT NULL,
  doc TEXT NOT NULL,
  direction TEXT NOT NULL,
  state TEXT NOT NULL,
  code TEXT NOT NULL,
  subject TEXT NOT NULL,
  issuer TEXT NOT NULL,
  type_name TEXT NOT NULL,
  day TEXT NOT NULL,
  -- Epoch ms for "newest first": arrival, else creation.
  sort_at INTEGER NOT NULL,
  deadline TEXT,
  urgency TEXT NOT NULL,
  urgency_rank INTEGER NOT NULL,
  confidentiality TEXT NOT NULL,
  attachments INTEGER NOT NULL,
  -- Bit per box (documents/boxes.ts).
  boxes INTEGER NOT NULL,
  unread INTEGER NOT NULL DEFAULT 1,
  -- The version the user last opened; a newer one by someone else is unread again.
  seen_version INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX doc_sort ON doc_documents (sort_at DESC, rowid DESC);
CREATE INDEX doc_deadline ON doc_documents (deadline, rowid);
CREATE INDEX doc_urgency ON doc_documents (urgency_rank DESC, sort_at DESC, rowid DESC);

-- Attachment bytes kept for offline reading: To process always (within the
-- size limit), any other document's once opened. Removed with the document.
CREATE TABLE doc_files (
  doc_id TEXT NOT NULL,
  attachment_id TEXT NOT NULL,
  etag TEXT,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  kept_at INTEGER NOT NULL,
  PRIMARY KEY (doc_id, attachment_id)
) STRICT;

-- The text of PDF attachments, extracted on a worker, for search.
CREATE TABLE doc_file_text (
  doc_id TEXT NOT NULL,
  attachment_id TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (doc_id, attachment_id)
) STRICT;

-- cursor, me, directory, last sync.
CREATE TABLE doc_meta (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

-- Search by whole words and phrases with the app's folding (shared/text-search.ts),
-- rowid = doc_documents.rowid; `pairs` answers phrases as in mail_search.
CREATE VIRTUAL TABLE doc_search USING fts5(
  code, subject, people, opinions, files, body, pairs,
  content = '', contentless_delete = 1, detail = column,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
);

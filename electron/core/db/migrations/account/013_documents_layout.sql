-- The documents cache's row layout (issue 15, after 010 shipped): list
-- columns before the JSON, the view stored only when it differs from the
-- server's copy, the source document indexed, an index equal to the
-- deadline order. The cache is rebuilt from the server: the cursor goes, so
-- the next sync pulls the whole feed again; files and their text go with it.
DROP TABLE doc_documents;
DELETE FROM doc_files;
DELETE FROM doc_file_text;
INSERT INTO doc_search (doc_search) VALUES ('delete-all');
DELETE FROM doc_meta WHERE key IN ('cursor', 'synced_at');

-- One row per document the user may see. `server` is the document as the
-- server last gave it (JSON, the API's Document); `doc` is what the user sees
-- when it differs (the server's copy with the user's queued actions applied
-- on top), NULL otherwise. The columns before them are derived from the view
-- for lists, sorting and filters; the JSON comes last in the row so that a
-- list reads none of it (SQLite reads a row's columns in order).
CREATE TABLE doc_documents (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
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
  seen_version INTEGER NOT NULL DEFAULT 0,
  -- The document this one was made from (an internal copy, a reply): related documents.
  source_id TEXT,
  server TEXT NOT NULL,
  doc TEXT
) STRICT;
CREATE INDEX doc_source ON doc_documents (source_id) WHERE source_id IS NOT NULL;
-- Covers box counts without reading rows.
CREATE INDEX doc_boxes ON doc_documents (boxes, unread);
CREATE INDEX doc_sort ON doc_documents (sort_at DESC, rowid DESC);
-- The same expression as the list's ORDER BY, so a page by deadline is an index range.
CREATE INDEX doc_deadline ON doc_documents (coalesce(deadline, '9999-12-31'), sort_at DESC, rowid DESC);
CREATE INDEX doc_urgency ON doc_documents (urgency_rank DESC, sort_at DESC, rowid DESC);


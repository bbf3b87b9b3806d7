-- What a document to process has fallen or will fall due for, besides its
-- deadline (issue 17): the "new document" and "urged" moments, derived from
-- the view when the row is written (DocumentStore.put), so the reminder
-- engine asks one indexed range instead of reading every document's JSON.
-- Deadlines stay in doc_documents.deadline (its index): when they ring
-- depends on Settings, read at every ask.
CREATE TABLE doc_due (
  doc_rowid INTEGER NOT NULL REFERENCES doc_documents (rowid) ON DELETE CASCADE,
  key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('new', 'urge')),
  at INTEGER NOT NULL,
  -- The urge's text (urge), NULL (new).
  detail TEXT,
  -- Urge: how many times so far, and the keys of the earlier ones (JSON array) it stands for.
  count INTEGER NOT NULL DEFAULT 1,
  earlier TEXT,
  PRIMARY KEY (doc_rowid, key)
) STRICT;
CREATE INDEX doc_due_at ON doc_due (at);

-- Rows cached before this migration are filled once when the feature starts
-- (DocumentStore.fillDue), which removes this mark.
INSERT INTO doc_meta (key, value) VALUES ('due_fill', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- Packages the clerk registers from a file (issue 15, import): the bytes wait
-- here beside the outbox entry that sends them (its payload names the row), so
-- the outbox's JSON stays small however large the package. The row goes when
-- the server accepted the package or the user dropped the entry.
CREATE TABLE doc_imports (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

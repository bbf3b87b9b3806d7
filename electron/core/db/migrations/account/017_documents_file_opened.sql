-- When the user last opened each kept attachment: the offline size limit
-- (Settings) evicts the least recently opened files of documents outside To
-- process first. 0 is "never opened here" (kept ahead of time for To process),
-- which goes before any file the user did open.
ALTER TABLE doc_files ADD COLUMN opened_at INTEGER NOT NULL DEFAULT 0;

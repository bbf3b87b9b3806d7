-- Mail cache (issue 5). Only electron/core/mail/store.ts reads or writes these tables.

-- One row per IMAP mailbox. uidvalidity/highestmodseq/uidnext are the server
-- state the cache matches; a changed uidvalidity empties the folder.
-- highestmodseq is TEXT: a modseq is 63-bit, more than a JS number holds exactly.
CREATE TABLE mail_folders (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  delimiter TEXT,
  -- inbox, sent, drafts, trash, junk, archive, flagged, all, or NULL
  special_use TEXT,
  subscribed INTEGER NOT NULL DEFAULT 1,
  uidvalidity INTEGER,
  highestmodseq TEXT,
  uidnext INTEGER,
  -- Initial sync goes newest first: every uid >= sync_floor is in the cache.
  -- NULL: never synced; 1: complete.
  sync_floor INTEGER,
  -- Total on the server at the last sync, for progress.
  server_count INTEGER NOT NULL DEFAULT 0,
  synced_at INTEGER
) STRICT;

-- One row per message in a folder (a message in two folders is two rows).
-- uid < 0: a local placeholder (moved here by the user, not yet confirmed by
-- the server); the next sync or the move's COPYUID gives the real uid.
CREATE TABLE mail_messages (
  id INTEGER PRIMARY KEY,
  folder_id INTEGER NOT NULL REFERENCES mail_folders(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  -- Rowid in mail_search: date in seconds << 20 plus a few low bits, so that
  -- the index read backwards by rowid is newest first (see search.ts).
  skey INTEGER NOT NULL UNIQUE,
  message_id TEXT,
  in_reply_to TEXT,
  refs TEXT NOT NULL DEFAULT '[]',
  -- Conversation: the first Message-ID of References, else In-Reply-To, else its own.
  thread_key TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  from_json TEXT NOT NULL DEFAULT '[]',
  to_json TEXT NOT NULL DEFAULT '[]',
  cc_json TEXT NOT NULL DEFAULT '[]',
  -- Epoch ms (Date header, else INTERNALDATE).
  date INTEGER NOT NULL,
  flags TEXT NOT NULL DEFAULT '[]',
  seen INTEGER NOT NULL DEFAULT 0,
  flagged INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL DEFAULT 0,
  has_attachments INTEGER NOT NULL DEFAULT 0,
  modseq TEXT,
  -- none: headers only; cached: mail_bodies has it; malformed: raw source kept with a warning
  body_state TEXT NOT NULL DEFAULT 'none' CHECK (body_state IN ('none', 'cached', 'malformed')),
  -- Outbox entries not yet replayed that touch this row: server flags must not
  -- overwrite what the user just did.
  local_pending INTEGER NOT NULL DEFAULT 0,
  -- 0: not in mail_search; 1: indexed and current; 2: indexed but stale.
  -- The background indexer (search.ts) catches up on every row that is not 1.
  indexed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (folder_id, uid)
) STRICT;
CREATE INDEX mail_messages_page ON mail_messages (folder_id, date DESC, uid DESC);
CREATE INDEX mail_messages_unread ON mail_messages (folder_id) WHERE seen = 0 AND deleted = 0;
CREATE INDEX mail_messages_msgid ON mail_messages (message_id);
CREATE INDEX mail_messages_thread ON mail_messages (thread_key, date);
CREATE INDEX mail_messages_unindexed ON mail_messages (id) WHERE indexed != 1;

CREATE TABLE mail_bodies (
  message_id INTEGER PRIMARY KEY REFERENCES mail_messages(id) ON DELETE CASCADE,
  text TEXT NOT NULL DEFAULT '',
  html TEXT,
  -- Set for a message the parser could not read: shown as raw source.
  warning TEXT,
  raw BLOB,
  fetched_at INTEGER NOT NULL
) STRICT;

CREATE TABLE mail_attachments (
  message_id INTEGER NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  -- IMAP body part number for a download on demand (e.g. "2", "1.3"), when known.
  part TEXT,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  content_id TEXT,
  inline INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (message_id, idx)
) STRICT;

-- Outgoing MIME of a send waiting in the outbox (id = the outbox id = Message-ID):
-- kept out of outbox.payload because it can hold attachments.
CREATE TABLE mail_outgoing (
  id TEXT PRIMARY KEY NOT NULL,
  raw BLOB NOT NULL,
  -- smtp_ok: the server accepted it; a retry only files the copy in Sent.
  stage TEXT NOT NULL DEFAULT 'queued' CHECK (stage IN ('queued', 'smtp_ok')),
  envelope TEXT NOT NULL
) STRICT;

-- Full-text search over a folded copy (fold.ts) of subject, people, body text
-- and attachment names. Contentless: the text lives in the tables above, and
-- snippets are cut from it in search.ts with the diacritics the user wrote.
-- detail=column: no token positions (search.ts ranks by itself, bm25 is not
-- used), a third of the index and three times the indexing speed; column
-- filters (people : nguyen) still work.
CREATE VIRTUAL TABLE mail_search USING fts5(
  subject, people, body, attachments,
  content = '', contentless_delete = 1, detail = column,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- indexed: 0 not in mail_search, 1 in it and current, 2 in it but stale.
-- A contentless index cannot find a row's terms by itself: remove by rowid.
CREATE TRIGGER mail_messages_unindex AFTER DELETE ON mail_messages WHEN old.indexed > 0
BEGIN
  DELETE FROM mail_search WHERE rowid = old.skey;
END;

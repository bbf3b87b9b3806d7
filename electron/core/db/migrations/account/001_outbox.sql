-- The outbox: every user write waiting for a server, recorded in the same
-- transaction that applies it to the cache (ARCHITECTURE rule 3). `id` is made
-- by the client (Message-ID, event UID, action id) so a replay after a crash
-- never sends or creates twice (rule 4). Entries replay in `seq` order.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'refused', 'done')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_detail TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, seq);

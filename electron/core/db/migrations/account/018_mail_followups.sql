-- Mail flagged for follow-up with a date (issue 17). Only
-- electron/core/mail/store.ts reads or writes this table.
--
-- On the server a follow-up is the standard \Flagged flag, which every client
-- shows (Outlook's follow-up flag over IMAP, Thunderbird's star, Apple Mail,
-- webmail). No IMAP keyword carries a due date (the registry of RFC 5788 has
-- none; $Followed of RFC 9979 means "follow this thread", not "follow up"),
-- so the date lives here, in the account's cache, keyed by the Message-ID so
-- that it survives a resync, a UIDVALIDITY change and a move (a message
-- without one is keyed by its cache row, 'row:<id>').
CREATE TABLE mail_followups (
  id INTEGER PRIMARY KEY,
  msg_key TEXT NOT NULL UNIQUE,
  due_at INTEGER NOT NULL,
  set_at INTEGER NOT NULL,
  -- open: waiting; done: completed here; unflagged: \Flagged removed (here or
  -- on another device, seen by sync): the follow-up is over.
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'unflagged')),
  ended_at INTEGER
) STRICT;
CREATE INDEX mail_followups_open ON mail_followups (due_at) WHERE state = 'open';

-- The server took \Flagged away (another device unflagged or completed it): a
-- sync writes the row with local_pending = 0, and the follow-up ends unless
-- another cached copy of the message is still flagged. The user's own
-- unflagging ends it in store.ts (applyFlags), with the app's clock. A trigger
-- has no injected clock: ended_at is only informative.
CREATE TRIGGER mail_followups_unflagged AFTER UPDATE OF flagged ON mail_messages
WHEN old.flagged = 1 AND new.flagged = 0 AND new.local_pending = 0
BEGIN
  UPDATE mail_followups SET state = 'unflagged', ended_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
  WHERE state = 'open'
    AND msg_key = coalesce(new.message_id, 'row:' || new.id)
    AND NOT EXISTS (
      SELECT 1 FROM mail_messages m
      WHERE new.message_id IS NOT NULL AND m.message_id = new.message_id AND m.flagged = 1 AND m.deleted = 0
    );
END;

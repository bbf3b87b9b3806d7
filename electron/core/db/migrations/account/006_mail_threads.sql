-- Conversation rows in a folder's list (issue 5). Only electron/core/mail/store.ts
-- reads or writes the mail tables.
-- The grouped page walks mail_messages_page newest first and keeps a message
-- only when no newer message of its conversation is in the same folder: this
-- index answers that with one seek per message, and holds every column the
-- row's count, unread, flag and paper clip are read from, so those never
-- touch the table. Partial: deleted (\Deleted) rows never show in a list.
CREATE INDEX mail_messages_thread_folder ON mail_messages
  (thread_key, folder_id, date, uid, seen, flagged, has_attachments, message_id) WHERE deleted = 0;

-- Conversation keys cached before this version: a key that names a cached
-- message of another conversation follows it (a reply to a reply that carried
-- only In-Reply-To was keyed by its parent), as store.ts now does on every
-- header it writes. Bounded at 20 links, as there: References can loop.
WITH RECURSIVE hop(id, key, n) AS (
  SELECT m.id, p.thread_key, 1
  FROM mail_messages m JOIN mail_messages p ON p.message_id = m.thread_key AND p.thread_key != m.thread_key
  UNION
  SELECT hop.id, p.thread_key, hop.n + 1
  FROM hop JOIN mail_messages p ON p.message_id = hop.key AND p.thread_key != hop.key
  WHERE hop.n < 20
)
UPDATE mail_messages SET thread_key = last.key
FROM (SELECT id, key, max(n) FROM hop GROUP BY id) AS last
WHERE mail_messages.id = last.id;

-- Mail that arrives while the app is open (issue 10). Only electron/core/mail/store.ts
-- reads or writes the mail tables.

-- Search by whole words and phrases (shared/text-search.ts): a `pairs` column
-- holds each pair of adjacent folded words as one token ("da_nang"), so a
-- phrase is answered by the index without token positions (detail=column
-- stays: a third of the size). `_` is a token character for that column; the
-- other columns have it replaced by a space when indexed. The index is built
-- again from the cache by the worker.
DROP TABLE mail_search;
CREATE VIRTUAL TABLE mail_search USING fts5(
  subject, people, body, attachments, pairs,
  content = '', contentless_delete = 1, detail = column,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
);
UPDATE mail_messages SET indexed = 0 WHERE indexed != 0;

-- An attachment's name as the message gave it, when the name shown and saved
-- had to be made safe (control characters, paths, reserved names, length).
ALTER TABLE mail_attachments ADD COLUMN original_name TEXT;
-- The messages forwarded inside this one (message/rfc822 parts), as JSON
-- (shared/mail.ts NestedMessage[]), read from the server's structure or the source.
ALTER TABLE mail_bodies ADD COLUMN nested TEXT;

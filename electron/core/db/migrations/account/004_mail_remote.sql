-- Mail senders whose remote content (images) the user chose to load always
-- (issue 5). Only electron/core/mail/store.ts reads or writes this table.
CREATE TABLE mail_remote_senders (
  address TEXT PRIMARY KEY COLLATE NOCASE,
  allowed_at INTEGER NOT NULL
) STRICT;

-- Inline images of HTML mail (cid: references, issue 5): their bytes are kept
-- with the cached body so the reader shows them without the network. Only
-- electron/core/mail/store.ts reads or writes this column.
ALTER TABLE mail_attachments ADD COLUMN content BLOB;

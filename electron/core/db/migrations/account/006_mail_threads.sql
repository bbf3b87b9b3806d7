-- Conversation rows in a folder's list (issue 5). Only electron/core/mail/store.ts
-- reads or writes the mail tables.
-- The grouped page walks mail_messages_page newest first and keeps a message
-- only when no newer message of its conversation is in the same folder: this
-- index answers that question with one seek per message, and lists a
-- conversation's unread messages in a folder. Partial: deleted (\Deleted)
-- rows never show in a list.
CREATE INDEX mail_messages_thread_folder ON mail_messages (folder_id, thread_key, date, uid) WHERE deleted = 0;

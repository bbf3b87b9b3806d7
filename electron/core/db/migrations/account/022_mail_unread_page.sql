-- Unread mail newest first (issue 17): Today's "mail from people who matter"
-- walks a folder's unread messages by date. Through mail_messages_page it
-- stepped over every read message of a 60,000-message Inbox to find a hundred
-- unread ones (tens of milliseconds on every start); this partial index holds
-- the unread ones only. It also answers the unread counts by folder, which
-- mail_messages_unread (folder_id only) answered before: that one goes.
DROP INDEX IF EXISTS mail_messages_unread;
CREATE INDEX mail_messages_unread_page ON mail_messages (folder_id, date DESC, uid DESC) WHERE seen = 0 AND deleted = 0;

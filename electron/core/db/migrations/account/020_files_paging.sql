-- Files listings paged by key (issue 16): one index per sort the list offers,
-- folders first (is_dir DESC is read backwards), then the sort key, then the
-- name without case, then the path that makes every key unique. A page of a
-- 10,000-entry folder is then a range read of the index, never a sort of the
-- whole folder. Keys that may be NULL are read through coalesce() so a row
-- value comparison never meets a NULL.
DROP INDEX IF EXISTS files_entries_parent;
CREATE INDEX files_entries_by_name ON files_entries (parent, is_dir, name COLLATE NOCASE, path);
CREATE INDEX files_entries_by_size ON files_entries (parent, is_dir, size, name COLLATE NOCASE, path);
CREATE INDEX files_entries_by_modified ON files_entries (parent, is_dir, coalesce(modified, -1), name COLLATE NOCASE, path);
CREATE INDEX files_entries_by_type ON files_entries (parent, is_dir, coalesce(mime, ''), name COLLATE NOCASE, path);

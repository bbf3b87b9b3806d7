-- User settings of this installation: one row a key, the value as JSON.
-- Validated on read against shared/settings.ts; an unknown or invalid row is ignored.
CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- The accounts that signed in on this installation: one row per organization
-- + user. `id` names the account's cache folder (accounts/<id>/cache.db).
-- The refresh token is stored only sealed by the platform's secret storage
-- (safeStorage in Electron): never plain text. NULL means signed out, or that
-- no secret storage exists and the session lives in memory only.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY NOT NULL,
  org_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  unit TEXT,
  sealed_refresh_token BLOB,
  last_used_at INTEGER NOT NULL,
  UNIQUE (org_id, subject)
) STRICT;

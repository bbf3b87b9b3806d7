-- Refresh tokens of a sign-out that could not reach the identity provider:
-- the local session is gone at once, and the token is revoked at the
-- provider at the next contact with it. Sealed like the accounts table's
-- (never plain text); a row is deleted once the provider confirmed.
CREATE TABLE pending_revocations (
  id INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL,
  sealed_token BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Accounts that run themselves (issue 12): household owners, verified emails, invites and the
-- per-user session index in D1, single-use tokens for password reset and email verification.

-- The owner of each household; the longest-standing member of existing households becomes it.
ALTER TABLE households ADD COLUMN ownerId TEXT;
UPDATE households SET ownerId = (
  SELECT u.id FROM users u WHERE u.householdId = households.id ORDER BY u.createdAt, u.id LIMIT 1
);

ALTER TABLE users ADD COLUMN emailVerifiedAt TEXT;

-- Invites live and die with their household; `claimedAt` is set atomically by the first redemption.
CREATE TABLE invites (
  code TEXT PRIMARY KEY,
  householdId TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
  createdBy TEXT NOT NULL,
  email TEXT,
  createdAt TEXT NOT NULL,
  expiresAt TEXT NOT NULL,
  claimedAt TEXT,
  claimedBy TEXT
);
CREATE INDEX invites_household ON invites (householdId, expiresAt);

-- Every signed-in device of a user (KV holds the session itself; this is the strongly consistent index).
CREATE TABLE user_sessions (
  sid TEXT PRIMARY KEY,
  userId TEXT NOT NULL,
  label TEXT NOT NULL,
  createdAt TEXT NOT NULL,
  lastSeenAt TEXT NOT NULL,
  expiresAt TEXT NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions (userId, expiresAt);

-- Single-use links: only a SHA-256 of the token is stored.
CREATE TABLE auth_tokens (
  tokenHash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'verify')),
  userId TEXT NOT NULL,
  email TEXT NOT NULL,
  createdAt TEXT NOT NULL,
  expiresAt TEXT NOT NULL,
  usedAt TEXT
);
CREATE INDEX auth_tokens_user ON auth_tokens (userId, purpose);

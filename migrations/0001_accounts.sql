-- Accounts and households: never synced through the generic sync endpoints.
CREATE TABLE households (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  createdAt TEXT NOT NULL,
  -- The household change sequence: every synced row change takes the next number (the pull cursor).
  seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  passwordHash TEXT NOT NULL,
  householdId TEXT NOT NULL REFERENCES households (id),
  createdAt TEXT NOT NULL
);
CREATE INDEX users_household ON users (householdId);

-- Exactly the seed's table.
CREATE TABLE sync_metadata (
  id TEXT PRIMARY KEY,
  userId TEXT NOT NULL,
  householdId TEXT NOT NULL,
  tableName TEXT NOT NULL,
  lastPullAt DATETIME,
  lastPushAt DATETIME,
  lastSyncAt DATETIME,
  conflictCount INTEGER DEFAULT 0,
  createdAt DATETIME DEFAULT CURRENT_TIMESTAMP,
  updatedAt DATETIME DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX sync_metadata_user ON sync_metadata (householdId, userId);

-- Idempotent pushes (src/server/sync/push-log.ts). Each client numbers its pushes; the last number
-- applied and what that push decided are written in the same D1 batch as its rows, so a push resent
-- after a lost answer is recognised and answered from the record instead of being merged again.
CREATE TABLE sync_clients (
  householdId TEXT NOT NULL,
  userId TEXT NOT NULL,
  clientId TEXT NOT NULL,
  -- NOT NULL is what refuses a replay inside the batch: the claim sets it to NULL unless the sequence grows.
  lastSeq INTEGER NOT NULL,
  parts INTEGER NOT NULL,
  updatedAt TEXT NOT NULL,
  PRIMARY KEY (householdId, userId, clientId)
) WITHOUT ROWID;

-- The recorded decision of a client's last push, split in parts (a D1 value holds at most 2 MB).
CREATE TABLE sync_client_records (
  householdId TEXT NOT NULL,
  userId TEXT NOT NULL,
  clientId TEXT NOT NULL,
  part INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (householdId, userId, clientId, part)
) WITHOUT ROWID;

-- Web Push (issue 13, reminders; src/server/reminders): one row per device a member allowed
-- notifications on. Server-only, never synced. Rows are keyed and always queried by household and user;
-- the endpoint is the push service's address of one browser (a capability URL), p256dh and auth its
-- keys for the payload encryption (RFC 8291). A push service answering 404/410 deletes the row.
CREATE TABLE push_subscriptions (
  householdId TEXT NOT NULL,
  userId TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  -- The device's IANA time zone: the daily reminder goes out in the morning there.
  timeZone TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL,
  PRIMARY KEY (householdId, userId, endpoint)
) WITHOUT ROWID;
CREATE INDEX push_subscriptions_user ON push_subscriptions (userId);

-- The last local day each member was sent the daily reminder: claimed with one conditional upsert
-- before sending, so two overlapping cron runs send at most one a day.
CREATE TABLE reminder_days (
  userId TEXT PRIMARY KEY,
  householdId TEXT NOT NULL,
  lastDay TEXT NOT NULL
) WITHOUT ROWID;

-- Rate-limit counters (src/server/auth/rate-limiter.ts): one row per bucket and key, a fixed window.
-- An increment is one `INSERT … ON CONFLICT DO UPDATE … RETURNING`: atomic in D1's single primary, so
-- N parallel requests count N. Rows past `expiresAt` are dead and removed by the daily cron.
CREATE TABLE rate_counters (
  name TEXT PRIMARY KEY,
  windowStart INTEGER NOT NULL,
  count INTEGER NOT NULL,
  expiresAt INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX rate_counters_expiry ON rate_counters (expiresAt);

-- Tombstone collection (src/server/maintenance/purge-tombstones.ts).
-- The highest sequence number whose tombstone was purged: cursors older than it must resync.
ALTER TABLE households ADD COLUMN purgedSeq INTEGER NOT NULL DEFAULT 0;

-- Purge finds old tombstones by when they were deleted (the server-clamped field timestamp).
DROP INDEX "tasks_tombstones";
DROP INDEX "shoppingItems_tombstones";
DROP INDEX "notes_tombstones";
DROP INDEX "preferences_tombstones";
CREATE INDEX "tasks_tombstones" ON "tasks" ("deletedAt__ts") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "shoppingItems_tombstones" ON "shoppingItems" ("deletedAt__ts") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "notes_tombstones" ON "notes" ("deletedAt__ts") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "preferences_tombstones" ON "preferences" ("deletedAt__ts") WHERE "deletedAt" IS NOT NULL;

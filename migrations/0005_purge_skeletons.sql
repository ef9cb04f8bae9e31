-- Deletes that outlive collection (src/server/maintenance/purge-tombstones.ts): purge keeps a skeleton
-- of each old tombstone (id, deletedAt, version, stamps) and drops its payload; `purgedAt` marks it,
-- and a skeleton refuses every later write.
ALTER TABLE "tasks" ADD COLUMN "purgedAt" TEXT;
ALTER TABLE "shoppingItems" ADD COLUMN "purgedAt" TEXT;
ALTER TABLE "notes" ADD COLUMN "purgedAt" TEXT;
ALTER TABLE "preferences" ADD COLUMN "purgedAt" TEXT;

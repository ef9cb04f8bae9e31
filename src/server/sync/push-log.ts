import type { D1Queryable } from "./d1";
import type { Scope } from "./row-store";

/**
 * Idempotent pushes, as Replicache does with its last mutation id. A client numbers its pushes
 * (`seq`, growing by one per request, kept with its outbox so a retry resends the same number). The
 * first statements of a push's D1 batch claim the number and store what the push decided; the claim
 * fails (a NOT NULL violation, which rolls the whole batch back) unless the number is greater than
 * the last one applied for that client. So a push is applied at most once, even when two copies race.
 */
export interface PushClaim {
  clientId: string;
  seq: number;
  /** The push's decision (serialized), to answer a replay with. */
  record: string;
}

export interface RecordedPush {
  seq: number;
  record: string | null;
}

/** Characters per stored part: at most 3 bytes each in UTF-8, under D1's 2 MB per value. */
const PART_CHARS = 500_000;

export function claimStatements(db: D1Queryable, scope: Scope, claim: PushClaim, now: string): D1PreparedStatement[] {
  const parts: string[] = [];
  for (let i = 0; i < claim.record.length; i += PART_CHARS) parts.push(claim.record.slice(i, i + PART_CHARS));
  const key = [scope.householdId, scope.userId, claim.clientId] as const;
  return [
    db
      .prepare(
        `INSERT INTO sync_clients (householdId, userId, clientId, lastSeq, parts, updatedAt) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (householdId, userId, clientId) DO UPDATE SET
           lastSeq = CASE WHEN excluded.lastSeq > sync_clients.lastSeq THEN excluded.lastSeq ELSE NULL END,
           parts = excluded.parts, updatedAt = excluded.updatedAt`,
      )
      .bind(...key, claim.seq, parts.length, now),
    db.prepare(`DELETE FROM sync_client_records WHERE householdId = ?1 AND userId = ?2 AND clientId = ?3`).bind(...key),
    ...parts.map((body, part) =>
      db
        .prepare(
          `INSERT INTO sync_client_records (householdId, userId, clientId, part, body) VALUES (?1, ?2, ?3, ?4, ?5)`,
        )
        .bind(...key, part, body),
    ),
  ];
}

/**
 * The last statement of a push batch: fails (rolling the batch back) when the household ends over a
 * quota it was not over before, which only a concurrent push can cause (each push fits its own rows).
 */
export function quotaGuard(
  db: D1Queryable,
  scope: Scope,
  guard: { maxRows: number; maxBytes: number; rowsBefore: number; bytesBefore: number },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE households SET seq = CASE
         WHEN (rowCount > ?2 AND rowCount > ?3) OR (byteCount > ?4 AND byteCount > ?5) THEN NULL ELSE seq END
       WHERE id = ?1`,
    )
    .bind(scope.householdId, guard.maxRows, guard.rowsBefore, guard.maxBytes, guard.bytesBefore);
}

export function isQuotaRace(err: unknown): boolean {
  return err instanceof Error && /NOT NULL constraint failed: households\.seq/.test(err.message);
}

export class QuotaRaced extends Error {
  constructor() {
    super("A concurrent push filled the household's quota.");
    this.name = "QuotaRaced";
  }
}

/** The household's counted rows and bytes. */
export async function householdUsage(db: D1Queryable, scope: Scope): Promise<{ rows: number; bytes: number }> {
  const row = await db
    .prepare(`SELECT rowCount, byteCount FROM households WHERE id = ?1`)
    .bind(scope.householdId)
    .first<{ rowCount: number; byteCount: number }>();
  return { rows: Number(row?.rowCount ?? 0), bytes: Number(row?.byteCount ?? 0) };
}

/** The batch failed because its claim did: this sequence number was already applied. */
export function isClaimRefused(err: unknown): boolean {
  return err instanceof Error && /NOT NULL constraint failed: sync_clients\.lastSeq/.test(err.message);
}

export class PushReplayed extends Error {
  constructor() {
    super("This push was already applied.");
    this.name = "PushReplayed";
  }
}

/** The last push applied for a client, with its record. */
export async function lastPush(db: D1Queryable, scope: Scope, clientId: string): Promise<RecordedPush | null> {
  const [head, parts] = await db.batch<{ lastSeq?: number; parts?: number; body?: string }>([
    db
      .prepare(`SELECT lastSeq, parts FROM sync_clients WHERE householdId = ?1 AND userId = ?2 AND clientId = ?3`)
      .bind(scope.householdId, scope.userId, clientId),
    db
      .prepare(
        `SELECT body FROM sync_client_records WHERE householdId = ?1 AND userId = ?2 AND clientId = ?3 ORDER BY part`,
      )
      .bind(scope.householdId, scope.userId, clientId),
  ]);
  const row = head?.results[0];
  if (!row) return null;
  const bodies = (parts?.results ?? []).map((r) => String(r.body));
  const record = bodies.length === Number(row.parts) ? bodies.join("") : null;
  return { seq: Number(row.lastSeq), record };
}

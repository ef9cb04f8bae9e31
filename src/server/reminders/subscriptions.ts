import type { PushSubscribeRequest } from "../../core/reminders";

/** Who a subscription belongs to: every query names both (a member is only reached in their household). */
export interface Owner {
  householdId: string;
  userId: string;
}

export interface StoredSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
  timeZone: string;
}

/** The most devices one member keeps subscribed; a new one past it replaces the longest unrefreshed. */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;

/**
 * Stores (or refreshes) this device's subscription, then keeps only the member's newest
 * MAX_SUBSCRIPTIONS_PER_USER, in one atomic batch.
 */
export async function saveSubscription(
  db: D1Database,
  owner: Owner,
  sub: PushSubscribeRequest,
  nowMs: number,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO push_subscriptions (householdId, userId, endpoint, p256dh, auth, timeZone, createdAt, updatedAt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (householdId, userId, endpoint) DO UPDATE SET
           p256dh = excluded.p256dh, auth = excluded.auth, timeZone = excluded.timeZone, updatedAt = excluded.updatedAt`,
      )
      .bind(owner.householdId, owner.userId, sub.endpoint, sub.keys.p256dh, sub.keys.auth, sub.timeZone, nowMs),
    db
      .prepare(
        `DELETE FROM push_subscriptions WHERE householdId = ?1 AND userId = ?2 AND endpoint NOT IN (
           SELECT endpoint FROM push_subscriptions WHERE householdId = ?1 AND userId = ?2
           ORDER BY updatedAt DESC, endpoint LIMIT ?3)`,
      )
      .bind(owner.householdId, owner.userId, MAX_SUBSCRIPTIONS_PER_USER),
  ]);
}

/** Forgets one device's subscription; true when there was one. */
export async function deleteSubscription(db: D1Database, owner: Owner, endpoint: string): Promise<boolean> {
  const result = await db
    .prepare(`DELETE FROM push_subscriptions WHERE householdId = ?1 AND userId = ?2 AND endpoint = ?3`)
    .bind(owner.householdId, owner.userId, endpoint)
    .run();
  return result.meta.changes > 0;
}

/**
 * A member's devices, only while they are still in that household (D1's `users` is the truth on
 * membership): a member who left is never reached through the household they left.
 */
export async function subscriptionsOf(db: D1Database, owner: Owner): Promise<StoredSubscription[]> {
  const { results } = await db
    .prepare(
      `SELECT s.endpoint, s.p256dh, s.auth, s.timeZone FROM push_subscriptions s
       JOIN users u ON u.id = s.userId AND u.householdId = s.householdId
       WHERE s.householdId = ?1 AND s.userId = ?2 ORDER BY s.updatedAt DESC`,
    )
    .bind(owner.householdId, owner.userId)
    .all<StoredSubscription>();
  return results;
}

/** Every member with a device to reach, with the time zone of their most recently refreshed device. */
export async function subscribedMembers(db: D1Database): Promise<(Owner & { timeZone: string })[]> {
  const { results } = await db
    .prepare(
      `SELECT s.householdId, s.userId, s.timeZone FROM push_subscriptions s
       JOIN users u ON u.id = s.userId AND u.householdId = s.householdId
       WHERE s.updatedAt = (SELECT MAX(updatedAt) FROM push_subscriptions t
                            WHERE t.householdId = s.householdId AND t.userId = s.userId)
       GROUP BY s.householdId, s.userId`,
    )
    .all<Owner & { timeZone: string }>();
  return results;
}

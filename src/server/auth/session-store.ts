/** What a session knows without touching D1: who the user is and which household they belong to. */
export interface SessionInfo {
  userId: string;
  householdId: string;
  email: string;
  name: string;
  householdName: string;
  /** The D1 binding holding the household's rows (see shards/shard-map.ts); the primary when absent. */
  shard?: string;
}

/** A session is addressed by its user and id: `session:<userId>:<sid>` in KV. */
export interface SessionKey {
  userId: string;
  sid: string;
}

/** One signed-in device, as Settings lists it. */
export interface DeviceSession {
  sid: string;
  label: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface SessionStore {
  create(
    key: SessionKey,
    info: SessionInfo,
    ttlSeconds: number,
    device?: { label: string; now: number },
  ): Promise<void>;
  get(key: SessionKey): Promise<SessionInfo | null>;
  delete(key: SessionKey): Promise<void>;
  /** Ends every session of a user (account deletion): their keys share the user's prefix. */
  deleteAll(userId: string): Promise<number>;
  /** The seed's "user metadata" in KV: kept beside sessions, refreshed on login. */
  putUser(info: SessionInfo): Promise<void>;
  /** The user's unexpired sessions, newest first (from the D1 index, which is strongly consistent). */
  list(userId: string, now: number): Promise<DeviceSession[]>;
  /** Records that a session was used; writes at most once per `SEEN_EVERY_MS` per session. */
  touch(key: SessionKey, now: number): Promise<void>;
  /** Every session id of a user, from the D1 index and KV's prefix listing. */
  sids(userId: string): Promise<string[]>;
  /** Rewrites every session of a user with new info (the household changed), keeping each one's expiry. */
  updateAll(userId: string, info: SessionInfo, now: number): Promise<void>;
}

export function sessionKey(key: SessionKey): string {
  return `session:${key.userId}:${key.sid}`;
}

const SEEN_EVERY_MS = 5 * 60_000;
const lastTouched = new Map<string, number>();

/**
 * Sessions in KV (read on every request, as the seed says) plus an index of them in D1's
 * `user_sessions`, which lists a user's devices exactly: KV's `list` is eventually consistent, so a
 * session created a moment ago could be missed by "sign out everywhere else". KV without D1 (`db`
 * absent) keeps working for tools that only read sessions.
 */
export function createKvSessionStore(kv: KVNamespace, db?: D1Database): SessionStore {
  const indexed = async (userId: string): Promise<string[]> => {
    const sids = new Set<string>();
    if (db) {
      const { results } = await db
        .prepare(`SELECT sid FROM user_sessions WHERE userId = ?`)
        .bind(userId)
        .all<{ sid: string }>();
      for (const r of results) sids.add(r.sid);
    }
    // Sessions created before the index existed are still found through KV's prefix listing.
    let cursor: string | undefined;
    do {
      const page = await kv.list({ prefix: `session:${userId}:`, cursor });
      for (const k of page.keys) sids.add(k.name.slice(`session:${userId}:`.length));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return [...sids];
  };
  return {
    async create(key, info, ttlSeconds, device) {
      await kv.put(sessionKey(key), JSON.stringify(info), { expirationTtl: Math.max(60, ttlSeconds) });
      if (db) {
        const now = device?.now ?? Date.now();
        const at = new Date(now).toISOString();
        await db
          .prepare(
            `INSERT INTO user_sessions (sid, userId, label, createdAt, lastSeenAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .bind(
            key.sid,
            key.userId,
            device?.label ?? "Unknown device",
            at,
            at,
            new Date(now + ttlSeconds * 1000).toISOString(),
          )
          .run();
      }
    },
    async get(key) {
      const raw = await kv.get(sessionKey(key));
      if (raw === null) return null;
      try {
        return JSON.parse(raw) as SessionInfo;
      } catch {
        return null;
      }
    },
    async delete(key) {
      await kv.delete(sessionKey(key));
      await db?.prepare(`DELETE FROM user_sessions WHERE sid = ? AND userId = ?`).bind(key.sid, key.userId).run();
    },
    async deleteAll(userId) {
      const sids = await indexed(userId);
      await Promise.all(sids.map((sid) => kv.delete(sessionKey({ userId, sid }))));
      await db?.prepare(`DELETE FROM user_sessions WHERE userId = ?`).bind(userId).run();
      await kv.delete(`user:${userId}`);
      return sids.length;
    },
    sids: indexed,
    async putUser(info) {
      await kv.put(`user:${info.userId}`, JSON.stringify(info));
    },
    async list(userId, now) {
      if (!db) return [];
      const { results } = await db
        .prepare(
          `SELECT sid, label, createdAt, lastSeenAt, expiresAt FROM user_sessions WHERE userId = ? AND expiresAt > ? ORDER BY createdAt DESC, sid`,
        )
        .bind(userId, new Date(now).toISOString())
        .all<DeviceSession>();
      return results;
    },
    async touch(key, now) {
      if (!db) return;
      const name = sessionKey(key);
      if (now - (lastTouched.get(name) ?? 0) < SEEN_EVERY_MS) return;
      lastTouched.set(name, now);
      if (lastTouched.size > 10_000) lastTouched.clear();
      const at = new Date(now).toISOString();
      const cutoff = new Date(now - SEEN_EVERY_MS).toISOString();
      await db
        .prepare(`UPDATE user_sessions SET lastSeenAt = ? WHERE sid = ? AND userId = ? AND lastSeenAt < ?`)
        .bind(at, key.sid, key.userId, cutoff)
        .run();
    },
    async updateAll(userId, info, now) {
      const sids = await indexed(userId);
      const expiries = new Map<string, number>();
      if (db) {
        const { results } = await db
          .prepare(`SELECT sid, expiresAt FROM user_sessions WHERE userId = ?`)
          .bind(userId)
          .all<{ sid: string; expiresAt: string }>();
        for (const r of results) expiries.set(r.sid, Date.parse(r.expiresAt));
      }
      await Promise.all(
        sids.map(async (sid) => {
          const name = sessionKey({ userId, sid });
          if ((await kv.get(name)) === null) return;
          const left = Math.ceil(((expiries.get(sid) ?? now + 86_400_000) - now) / 1000);
          if (left <= 0) return;
          await kv.put(name, JSON.stringify(info), { expirationTtl: Math.max(60, left) });
        }),
      );
      await kv.put(`user:${userId}`, JSON.stringify(info));
    },
  };
}

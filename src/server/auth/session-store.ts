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

export interface SessionStore {
  create(key: SessionKey, info: SessionInfo, ttlSeconds: number): Promise<void>;
  get(key: SessionKey): Promise<SessionInfo | null>;
  delete(key: SessionKey): Promise<void>;
  /** Ends every session of a user (account deletion): their keys share the user's prefix. */
  deleteAll(userId: string): Promise<number>;
  /** The seed's "user metadata" in KV: kept beside sessions, refreshed on login. */
  putUser(info: SessionInfo): Promise<void>;
}

export function sessionKey(key: SessionKey): string {
  return `session:${key.userId}:${key.sid}`;
}

export function createKvSessionStore(kv: KVNamespace): SessionStore {
  return {
    async create(key, info, ttlSeconds) {
      await kv.put(sessionKey(key), JSON.stringify(info), { expirationTtl: Math.max(60, ttlSeconds) });
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
    },
    async deleteAll(userId) {
      let deleted = 0;
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix: `session:${userId}:`, cursor });
        await Promise.all(page.keys.map((k) => kv.delete(k.name)));
        deleted += page.keys.length;
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      await kv.delete(`user:${userId}`);
      return deleted;
    },
    async putUser(info) {
      await kv.put(`user:${info.userId}`, JSON.stringify(info));
    },
  };
}

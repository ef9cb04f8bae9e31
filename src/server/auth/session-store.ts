/** What a session knows without touching D1: who the user is and which household they belong to. */
export interface SessionInfo {
  userId: string;
  householdId: string;
  email: string;
  name: string;
  householdName: string;
}

export interface SessionStore {
  create(sid: string, info: SessionInfo, ttlSeconds: number): Promise<void>;
  get(sid: string): Promise<SessionInfo | null>;
  delete(sid: string): Promise<void>;
  /** The seed's "user metadata" in KV: kept beside sessions, refreshed on login. */
  putUser(info: SessionInfo): Promise<void>;
}

export function createKvSessionStore(kv: KVNamespace): SessionStore {
  return {
    async create(sid, info, ttlSeconds) {
      await kv.put(`session:${sid}`, JSON.stringify(info), { expirationTtl: Math.max(60, ttlSeconds) });
    },
    async get(sid) {
      const raw = await kv.get(`session:${sid}`);
      if (raw === null) return null;
      try {
        return JSON.parse(raw) as SessionInfo;
      } catch {
        return null;
      }
    },
    async delete(sid) {
      await kv.delete(`session:${sid}`);
    },
    async putUser(info) {
      await kv.put(`user:${info.userId}`, JSON.stringify(info));
    },
  };
}

import type { PublicHousehold, PublicUser } from "../../core/protocol";

export interface UserRecord extends PublicUser {
  passwordHash: string;
  householdId: string;
}

export interface UserStore {
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<(UserRecord & { emailVerifiedAt: string | null }) | null>;
  /** The household with its owner's id. */
  householdWithOwner(id: string): Promise<(PublicHousehold & { ownerId: string | null }) | null>;
  setPassword(userId: string, passwordHash: string): Promise<void>;
  markVerified(userId: string, email: string, at: string): Promise<void>;
  household(id: string): Promise<PublicHousehold | null>;
  members(householdId: string): Promise<PublicUser[]>;
  /** Creates the user, and the household when `newHousehold` is given; false if the email is taken. */
  create(input: { user: UserRecord; newHousehold?: PublicHousehold; createdAt: string }): Promise<boolean>;
}

export function createD1UserStore(db: D1Database): UserStore {
  return {
    async findById(id) {
      return db
        .prepare(`SELECT id, email, name, passwordHash, householdId, emailVerifiedAt FROM users WHERE id = ?`)
        .bind(id)
        .first<UserRecord & { emailVerifiedAt: string | null }>();
    },
    async householdWithOwner(id) {
      return db
        .prepare(`SELECT id, name, ownerId FROM households WHERE id = ?`)
        .bind(id)
        .first<PublicHousehold & { ownerId: string | null }>();
    },
    async setPassword(userId, passwordHash) {
      await db.prepare(`UPDATE users SET passwordHash = ? WHERE id = ?`).bind(passwordHash, userId).run();
    },
    async markVerified(userId, email, at) {
      // Only the address the link was sent to: a link for an old address verifies nothing.
      await db
        .prepare(`UPDATE users SET emailVerifiedAt = COALESCE(emailVerifiedAt, ?) WHERE id = ? AND email = ?`)
        .bind(at, userId, email)
        .run();
    },
    async findByEmail(email) {
      return db
        .prepare(`SELECT id, email, name, passwordHash, householdId FROM users WHERE email = ?`)
        .bind(email)
        .first<UserRecord>();
    },
    async household(id) {
      return db.prepare(`SELECT id, name FROM households WHERE id = ?`).bind(id).first<PublicHousehold>();
    },
    async members(householdId) {
      const { results } = await db
        .prepare(`SELECT id, email, name FROM users WHERE householdId = ? ORDER BY createdAt, id`)
        .bind(householdId)
        .all<PublicUser>();
      return results;
    },
    async create({ user, newHousehold, createdAt }) {
      const statements: D1PreparedStatement[] = [];
      if (newHousehold) {
        statements.push(
          db
            .prepare(`INSERT INTO households (id, name, createdAt, ownerId) VALUES (?, ?, ?, ?)`)
            .bind(newHousehold.id, newHousehold.name, createdAt, user.id),
        );
      }
      // ON CONFLICT DO NOTHING + a later check, so a taken email is an answer, not an exception.
      statements.push(
        db
          .prepare(
            `INSERT INTO users (id, email, name, passwordHash, householdId, createdAt) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING`,
          )
          .bind(user.id, user.email, user.name, user.passwordHash, user.householdId, createdAt),
      );
      const results = await db.batch(statements);
      const inserted = (results.at(-1)?.meta.changes ?? 0) > 0;
      if (!inserted && newHousehold) {
        await db
          .prepare(`DELETE FROM households WHERE id = ? AND NOT EXISTS (SELECT 1 FROM users WHERE householdId = ?)`)
          .bind(newHousehold.id, newHousehold.id)
          .run();
      }
      return inserted;
    },
  };
}

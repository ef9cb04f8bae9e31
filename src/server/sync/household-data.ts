import type { Session } from "../auth/authenticate";
import type { Deps } from "../deps";
import { PRIMARY_SHARD } from "../shards/shard-map";
import type { D1Queryable } from "./d1";
import { createD1RowStore, type RowStore } from "./row-store";

/** Request/response header carrying the D1 Sessions API bookmark between a client's calls. */
export const BOOKMARK_HEADER = "x-d1-bookmark";

const BOOKMARK_PATTERN = /^[0-9a-f]{8}(-[0-9a-f]{8,64}){1,7}$/i;

export interface HouseholdData {
  db: D1Queryable;
  rows: RowStore;
  /** The bookmark to hand back to the client: reads after it see this request's writes. */
  bookmark(): string | null;
}

/**
 * A household's synced data: its shard's database, through a D1 Sessions API session. With read
 * replication on, a session started from the client's last bookmark reads from a replica at least as
 * new as that bookmark, so a client always reads its own writes (push, then pull on another replica);
 * without a bookmark, reads may go to any replica and writes to the primary. Locally (and with
 * replication off) sessions run on the one database and bookmarks still advance.
 */
export function householdData(deps: Deps, session: Pick<Session, "shard">, req: Request): HouseholdData {
  const database = deps.shards.database(session.shard ?? PRIMARY_SHARD);
  const incoming = req.headers.get(BOOKMARK_HEADER);
  // D1 bookmarks are dash-separated hex groups; anything else is ignored rather than passed to D1.
  const bookmark = incoming && BOOKMARK_PATTERN.test(incoming) ? incoming : null;
  const db = database.withSession(bookmark ?? "first-unconstrained");
  return { db, rows: createD1RowStore(db), bookmark: () => db.getBookmark() };
}

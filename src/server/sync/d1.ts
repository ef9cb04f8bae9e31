/**
 * What the sync store needs of D1: a database binding, or a Sessions API session of one
 * (`db.withSession(bookmark)`), which reads from a replica at least as new as the bookmark.
 */
export type D1Queryable = Pick<D1Database, "prepare" | "batch">;

/**
 * A D1Database that forwards every call to the real one and adds up D1's own `meta.rows_read` and
 * `meta.rows_written` of everything it runs: an independent measure of what a request costs, to
 * check the row store's own `rowsRead` against. For tests and benchmarks.
 */
export interface Meter {
  rowsRead: number;
  rowsWritten: number;
  statements: number;
}

export function meteredD1(db: D1Database): { db: D1Database; meter: Meter } {
  const meter: Meter = { rowsRead: 0, rowsWritten: 0, statements: 0 };
  const real = new WeakMap<object, D1PreparedStatement>();
  const count = (meta: D1Meta | undefined) => {
    meter.statements += 1;
    meter.rowsRead += meta?.rows_read ?? 0;
    meter.rowsWritten += meta?.rows_written ?? 0;
  };

  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const all = async <T>() => {
      const result = await stmt.all<T>();
      count(result.meta);
      return result;
    };
    const wrapper = {
      bind: (...values: unknown[]) => wrap(stmt.bind(...values)),
      all,
      run: all,
      async first<T>(column?: string) {
        const row = (await all<Record<string, T>>()).results[0];
        if (row === undefined) return null;
        return column === undefined ? row : (row[column] ?? null);
      },
      async raw(options?: { columnNames?: boolean }) {
        const rows = (await all<Record<string, unknown>>()).results;
        const values = rows.map((r) => Object.values(r));
        const first = rows[0];
        return options?.columnNames ? [first ? Object.keys(first) : [], ...values] : values;
      },
    };
    const typed = wrapper as unknown as D1PreparedStatement;
    real.set(typed, stmt);
    return typed;
  };

  const queryable = (target: Pick<D1Database, "prepare" | "batch">) => ({
    prepare: (sql: string) => wrap(target.prepare(sql)),
    async batch<T>(statements: D1PreparedStatement[]) {
      const results = await target.batch<T>(statements.map((s) => real.get(s) ?? s));
      for (const r of results) count(r.meta);
      return results;
    },
  });
  const metered = {
    ...queryable(db),
    exec: (sql: string) => db.exec(sql),
    dump: () => db.dump(),
    // A Sessions API session is metered the same way.
    withSession: (constraintOrBookmark?: string) => {
      const session = db.withSession(constraintOrBookmark);
      return { ...queryable(session), getBookmark: () => session.getBookmark() };
    },
  };
  return { db: metered as unknown as D1Database, meter };
}

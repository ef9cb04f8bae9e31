// The HTTP floor of the pull (bench/client/http-pull.ts): a bare Worker that answers one SELECT of a
// household's shopping items, the same columns the server bench's floor reads, as JSON. No auth, no
// paging, no cursor. Served by its own `wrangler dev` over the app's local D1 (same --persist-to).
import { quoteIdent as q, tsColumn } from "../../src/core/ddl";
import { shoppingItems } from "../../src/core/tables";

const columns = [
  "id",
  "userId",
  "createdAt",
  "updatedAt",
  "syncedAt",
  "version",
  ...shoppingItems.mergeFields.flatMap((f) => [f, tsColumn(f)]),
];
const SELECT = `SELECT ${columns.map(q).join(", ")} FROM ${q("shoppingItems")} WHERE ${q("householdId")} = ? ORDER BY ${q("version")}`;

export default {
  async fetch(req: Request, env: { DB: D1Database }): Promise<Response> {
    const householdId = new URL(req.url).searchParams.get("household");
    if (!householdId)
      return Response.json({ error: { code: "invalid_request", message: "household?" } }, { status: 400 });
    const { results } = await env.DB.prepare(SELECT).bind(householdId).all();
    return Response.json({ rows: results });
  },
};

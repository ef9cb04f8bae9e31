import { DomusError } from "../../core/errors";
import { TABLE_DEFS } from "../../core/tables";
import { authenticateMember } from "../household/authenticate-member";
import type { Deps } from "../deps";
import { householdData } from "../sync/household-data";

/**
 * What one export page may hold. A page ends after the query that takes its JSON past
 * `EXPORT_PAGE_CHARS`, so every request's work is bounded whatever the household holds: at the
 * row quota (100,000 items, 93 MB of JSON) one request for everything took 2–6 s of CPU, a page of
 * 4 MB takes about a twentieth of that (docs/benchmarks.md). A query reads at most
 * `EXPORT_QUERY_ROWS` rows and about `EXPORT_QUERY_BYTES` (as quotas count a row, so at most 13 of
 * the largest notes): memory stays near one query's rows.
 */
export const EXPORT_PAGE_CHARS = 4_000_000;
const EXPORT_QUERY_ROWS = 5_000;
const EXPORT_QUERY_BYTES = 4_000_000;

/** Where the next page starts: a table (by its place in TABLE_DEFS) and the version read up to. */
interface ExportCursor {
  table: number;
  after: number;
}

const CURSOR = /^(\d{1,3}):(\d{1,16})$/;

/** The `cursor` query parameter: absent for the first page, else a `next` this endpoint gave. */
function readCursor(req: Request): ExportCursor | null {
  const raw = new URL(req.url).searchParams.get("cursor");
  if (raw === null) return null;
  const m = CURSOR.exec(raw);
  const table = Number(m?.[1]);
  const after = Number(m?.[2]);
  if (!m || table > TABLE_DEFS.length || !Number.isSafeInteger(after)) {
    throw new DomusError("invalid_request", "That export cursor is not one this server gave.");
  }
  return { table, after };
}

/**
 * `GET /api/household/export[?cursor=…]`: everything the caller can see — the household, its
 * members, every household row (deletes included, until their payload is purged) and the caller's
 * own preferences — in pages. The first page carries the document's head (`domus-export/v1`:
 * `format`, `exportedAt`, `exportedBy`, `household`, `members`); every page carries `tables`, the
 * rows of each table it reached (a table it reached with none as `[]`), and `next`: the cursor of
 * the following page, or null on the last. Concatenating the pages' tables gives the whole export;
 * the app does so and saves one file (src/client/export-file.ts).
 */
export async function exportHousehold(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticateMember(req, deps);
  const cursor = readCursor(req);
  const scope = { householdId: s.householdId, userId: s.userId };
  const rows = householdData(deps, s, req).rows;
  const exportedAt = new Date(deps.now()).toISOString();
  const parts: string[] = [];
  if (!cursor) {
    const household = await deps.users.household(s.householdId);
    if (!household) throw new DomusError("not_found", "Your household no longer exists.");
    const head = {
      format: "domus-export/v1",
      exportedAt,
      exportedBy: { id: s.userId, email: s.email, name: s.name },
      household,
      members: await deps.users.members(s.householdId),
    };
    parts.push(JSON.stringify(head).slice(0, -1), ",");
  } else {
    parts.push("{");
  }

  let { table: index, after } = cursor ?? { table: 0, after: 0 };
  let chars = 0;
  // Each table this page reaches, in order, with its rows' JSON (a table may take several queries).
  const tables = new Map<string, string[]>();
  while (index < TABLE_DEFS.length && chars < EXPORT_PAGE_CHARS) {
    const table = TABLE_DEFS[index]!;
    const page = await rows.tablePage(scope, table, after, EXPORT_QUERY_ROWS, EXPORT_QUERY_BYTES);
    const texts = tables.get(table.name) ?? [];
    tables.set(table.name, texts);
    for (const row of page.rows) {
      const text = JSON.stringify(row);
      texts.push(text);
      chars += text.length + 1;
    }
    if (page.done) {
      index++;
      after = 0;
    } else {
      after = page.lastVersion;
    }
  }
  const next = index < TABLE_DEFS.length ? `${index}:${after}` : null;
  const tablesJson = [...tables].map(([name, texts]) => `${JSON.stringify(name)}:[${texts.join(",")}]`).join(",");
  parts.push(`"tables":{${tablesJson}},"next":${JSON.stringify(next)}}`);
  const filename = `domus-${exportedAt.slice(0, 10)}.json`;
  return new Response(parts.join(""), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });
}

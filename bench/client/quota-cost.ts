import { CURRENT_VERSIONS } from "../../src/core/schema-version";
import type { BenchAccount } from "./api";
import { type Cost, measured } from "./worker-cost";

// Issue 9.4: a household at its byte quota (HOUSEHOLD_MAX_BYTES, 50 MB by default) of big notes, or at
// its row quota (HOUSEHOLD_MAX_ROWS, 100,000) of shopping items; the cost to the Worker of its
// largest pull page and of its largest export page, measured on workerd's processes.

const BODY = "n".repeat(90_000);
const PER_PUSH = 10;
const ITEMS_PER_PUSH = 500;

async function post(url: string, account: BenchAccount, path: string, body: unknown): Promise<Response> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: account.cookie },
    body: JSON.stringify({ ...CURRENT_VERSIONS, ...(body as object) }),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Which quota the household is filled to: bytes with big notes, or rows with small shopping items. */
export type QuotaKind = "bytes" | "rows";

function rowsOfPush(kind: QuotaKind, push: number): { table: string; rows: Record<string, unknown>[] } {
  const at = new Date(Date.UTC(2026, 10, 1) + push).toISOString();
  if (kind === "bytes") {
    const rows = Array.from({ length: PER_PUSH }, (_, k) => ({
      id: `note-${push}-${k}`,
      createdAt: at,
      updatedAt: at,
      title: `Note ${push}.${k}`,
      body: BODY,
      pinned: false,
      deletedAt: null,
    }));
    return { table: "notes", rows };
  }
  const rows = Array.from({ length: ITEMS_PER_PUSH }, (_, k) => ({
    id: `item-${push}-${k}`,
    createdAt: at,
    updatedAt: at,
    name: `Item ${push}.${k}`,
    quantity: 1 + (k % 5),
    unit: k % 3 === 0 ? "kg" : "",
    category: "Produce",
    checked: k % 4 === 0,
    deletedAt: null,
  }));
  return { table: "shoppingItems", rows };
}

/** Pushes rows until the quota refuses one; returns the rows and bytes stored. */
async function fillToQuota(
  url: string,
  account: BenchAccount,
  kind: QuotaKind,
): Promise<{ rows: number; bytes: number }> {
  let stored = 0;
  for (let push = 0; push < 2_000; push++) {
    const { table, rows } = rowsOfPush(kind, push);
    const res = await post(url, account, "/api/sync/push", {
      clientId: `bench-quota-${kind}`,
      changes: { [table]: rows },
    });
    const answer = (await res.json()) as { results: Record<string, { status: string; code?: string }[]> };
    const results = answer.results[table] ?? [];
    stored += results.filter((r) => r.status === "applied").length;
    if (results.some((r) => r.code === "quota_exceeded")) break;
  }
  const status = await fetch(`${url}/api/sync/status`, { headers: { cookie: account.cookie } });
  const { usage } = (await status.json()) as {
    usage: { rows: number; bytes: number; maxRows: number; maxBytes: number };
  };
  const full = kind === "bytes" ? usage.bytes >= usage.maxBytes * 0.99 : usage.rows >= usage.maxRows;
  if (!full) throw new Error(`filled only ${usage.rows} rows, ${usage.bytes} bytes (quota ${kind})`);
  return { rows: stored, bytes: usage.bytes };
}

export interface QuotaCost {
  kind: QuotaKind;
  rows: number;
  bytes: number;
  pages: number;
  /** The worst page on each measure (they may be different pages). */
  page: Cost;
  exportPages: number;
  /** The worst export page on each measure; `bytes` is the whole export's. */
  exported: Cost;
}

/** `wrangler`: the pid of `wrangler dev`, whose workerd processes are measured. */
export async function quotaCost(
  url: string,
  account: BenchAccount,
  wrangler: number,
  kind: QuotaKind,
): Promise<QuotaCost> {
  const filled = await fillToQuota(url, account, kind);
  const page: Cost = { cpuMs: 0, peakMiB: 0, bytes: 0 };
  let cursor: string | null = null;
  let pages = 0;
  for (;;) {
    let body: { cursor: string; hasMore: boolean } | null = null;
    const cost = await measured(wrangler, async () => {
      const res = await post(url, account, "/api/sync/pull", { cursor, limit: 5_000 });
      const text = await res.text();
      body = JSON.parse(text) as { cursor: string; hasMore: boolean };
      return text.length;
    });
    pages++;
    worst(page, cost);
    const got = body as { cursor: string; hasMore: boolean } | null;
    if (!got?.hasMore) break;
    cursor = got.cursor;
  }
  // The export, page by page as the app downloads it.
  const exported: Cost = { cpuMs: 0, peakMiB: 0, bytes: 0 };
  let total = 0;
  let exportPages = 0;
  let next: string | null = null;
  do {
    let body: { next: string | null } | null = null;
    const query: string = next === null ? "" : `?cursor=${encodeURIComponent(next)}`;
    const cost = await measured(wrangler, async () => {
      const res = await fetch(`${url}/api/household/export${query}`, { headers: { cookie: account.cookie } });
      if (!res.ok) throw new Error(`export answered ${res.status}`);
      const text = await res.text();
      body = JSON.parse(text) as { next: string | null };
      return text.length;
    });
    exportPages++;
    total += cost.bytes;
    worst(exported, cost);
    next = (body as { next: string | null } | null)?.next ?? null;
  } while (next !== null);
  exported.bytes = total;
  return { kind, ...filled, pages, page, exportPages, exported };
}

function worst(into: Cost, cost: Cost): void {
  into.cpuMs = Math.max(into.cpuMs, cost.cpuMs);
  into.peakMiB = Math.max(into.peakMiB, cost.peakMiB);
  into.bytes = Math.max(into.bytes, cost.bytes);
}

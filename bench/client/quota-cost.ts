import { CURRENT_VERSIONS } from "../../src/core/schema-version";
import type { BenchAccount } from "./api";
import { type Cost, measured } from "./worker-cost";

// Issue 9.4: a household at its byte quota (HOUSEHOLD_MAX_BYTES, 50 MB by default) of big notes; the
// cost to the Worker of its largest pull page and of its export, measured on workerd's process.

const BODY = "n".repeat(90_000);
const PER_PUSH = 10;

async function post(url: string, account: BenchAccount, path: string, body: unknown): Promise<Response> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: account.cookie },
    body: JSON.stringify({ ...CURRENT_VERSIONS, ...(body as object) }),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Pushes notes of 90,000 characters until the quota refuses one; returns the bytes stored. */
async function fillToQuota(url: string, account: BenchAccount): Promise<{ notes: number; bytes: number }> {
  let notes = 0;
  for (let push = 0; push < 2_000; push++) {
    const at = new Date(Date.UTC(2026, 10, 1) + push).toISOString();
    const rows = Array.from({ length: PER_PUSH }, (_, k) => ({
      id: `note-${push}-${k}`,
      createdAt: at,
      updatedAt: at,
      title: `Note ${push}.${k}`,
      body: BODY,
      pinned: false,
      deletedAt: null,
    }));
    const res = await post(url, account, "/api/sync/push", { clientId: "bench-quota", changes: { notes: rows } });
    const results = ((await res.json()) as { results: { notes: { status: string; code?: string }[] } }).results.notes;
    notes += results.filter((r) => r.status === "applied").length;
    if (results.some((r) => r.code === "quota_exceeded")) break;
  }
  const status = await fetch(`${url}/api/sync/status`, { headers: { cookie: account.cookie } });
  const usage = ((await status.json()) as { usage: { bytes: number; maxBytes: number } }).usage;
  if (usage.bytes < usage.maxBytes * 0.99) throw new Error(`filled only ${usage.bytes} of ${usage.maxBytes} bytes`);
  return { notes, bytes: usage.bytes };
}

export interface QuotaCost {
  notes: number;
  bytes: number;
  pages: number;
  /** The worst page on each measure (they may be different pages). */
  page: Cost;
  exported: Cost;
}

/** `wrangler`: the pid of `wrangler dev`, whose workerd processes are measured. */
export async function quotaCost(url: string, account: BenchAccount, wrangler: number): Promise<QuotaCost> {
  const filled = await fillToQuota(url, account);
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
    page.cpuMs = Math.max(page.cpuMs, cost.cpuMs);
    page.peakMiB = Math.max(page.peakMiB, cost.peakMiB);
    page.bytes = Math.max(page.bytes, cost.bytes);
    const got = body as { cursor: string; hasMore: boolean } | null;
    if (!got?.hasMore) break;
    cursor = got.cursor;
  }
  const exported = await measured(wrangler, async () => {
    const res = await fetch(`${url}/api/household/export`, { headers: { cookie: account.cookie } });
    if (!res.ok) throw new Error(`export answered ${res.status}`);
    return (await res.arrayBuffer()).byteLength;
  });
  return { ...filled, pages, page, exported };
}

import { randomUUID } from "node:crypto";
import { CURRENT_VERSIONS } from "../../src/core/schema-version";

/** A registered account seen from Node: its session cookie rides on every call, like a CLI client's Bearer. */
export interface BenchAccount {
  email: string;
  password: string;
  userId: string;
  householdId: string;
  cookie: string;
}

export const PASSWORD = "correct horse battery staple";
const PUSH_BATCH = 500;
const BASE_TIME = Date.UTC(2026, 10, 1);

export function shoppingItem(i: number) {
  const at = new Date(BASE_TIME + i).toISOString();
  return {
    id: `item-${String(i).padStart(6, "0")}`,
    createdAt: at,
    updatedAt: at,
    name: `Item number ${i}`,
    quantity: (i % 5) + 1,
    unit: i % 2 ? "pcs" : "kg",
    category: `aisle ${i % 12}`,
    checked: i % 3 === 0,
    deletedAt: null,
  };
}

export function task(i: number) {
  const at = new Date(BASE_TIME + i).toISOString();
  return {
    id: `task-${String(i).padStart(6, "0")}`,
    createdAt: at,
    updatedAt: at,
    title: `Task number ${i}`,
    notes: i % 4 ? null : `Notes of task ${i}`,
    assigneeId: null,
    dueDate: null,
    completedAt: i % 3 === 0 ? at : null,
    repeat: null,
    rotation: null,
    deletedAt: null,
  };
}

async function post(base: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cookie) headers.cookie = cookie;
  // Sync calls speak as a client of this build (protocol and schema), or the server asks to upgrade.
  const sent = path.startsWith("/api/sync/") ? { ...CURRENT_VERSIONS, ...(body as object) } : body;
  const res = await fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(sent) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

export async function register(base: string, label: string): Promise<BenchAccount> {
  const email = `bench-${label}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await post(base, "/api/auth/register", { email, password: PASSWORD, name: "Bench" });
  const body = (await res.json()) as { user: { id: string }; household: { id: string } };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  if (!cookie.startsWith("domus_session=")) throw new Error("register set no session cookie");
  return { email, password: PASSWORD, userId: body.user.id, householdId: body.household.id, cookie };
}

/** Seeds `count` shopping items through the push API, as another device of the account would. */
export async function seedItems(base: string, account: BenchAccount, count: number): Promise<void> {
  for (let start = 0; start < count; start += PUSH_BATCH) {
    const rows = Array.from({ length: Math.min(PUSH_BATCH, count - start) }, (_, k) => shoppingItem(start + k));
    await post(base, "/api/sync/push", { clientId: "bench-seed", changes: { shoppingItems: rows } }, account.cookie);
  }
}

/** Seeds `count` tasks, a third of them done, through the push API. */
export async function seedTasks(base: string, account: BenchAccount, count: number): Promise<void> {
  for (let start = 0; start < count; start += PUSH_BATCH) {
    const rows = Array.from({ length: Math.min(PUSH_BATCH, count - start) }, (_, k) => task(start + k));
    await post(base, "/api/sync/push", { clientId: "bench-seed", changes: { tasks: rows } }, account.cookie);
  }
}

/** Another device of the account sets `checked` on some items (partial rows with newer stamps). */
export async function setChecked(
  base: string,
  account: BenchAccount,
  changes: readonly { id: string; checked: boolean }[],
): Promise<void> {
  const at = new Date().toISOString();
  const rows = changes.map(({ id, checked }) => ({ id, updatedAt: at, checked, fieldUpdatedAt: { checked: at } }));
  await post(
    base,
    "/api/sync/push",
    { clientId: "bench-other-device", changes: { shoppingItems: rows } },
    account.cookie,
  );
}

import type { Response } from "playwright-core";
import { median } from "../report";
import { type BenchAccount, setChecked, shoppingItem } from "./api";
import { type Device, countRows, newDevice, resetSyncMarks, signIn, waitSynced, watchSyncStatus } from "./device";

export interface DeltaResult {
  /** "Sync now" pressed to "Synced" shown, per run. */
  syncMs: number[];
  /** Of `syncMs`, the pull requests (network and server). */
  pullRequestMs: number[];
  /** D1 rows read by the pulls of each sync, from the server's `x-d1-rows-read`; null if it sends none. */
  rowsRead: (number | null)[];
  /** The initial download that seeded the device (not a goal; for scale). */
  seedMs: number;
}

/** Ten rows spread over the household, different in every run. */
const changedIndexes = (run: number, total: number, changes: number) =>
  Array.from({ length: changes }, (_, k) => (run * 7919 + k * 9973 + 1) % total);

async function checkedOf(device: Device, account: BenchAccount, ids: string[]): Promise<boolean[]> {
  return device.page.evaluate(
    ({ name, ids }) =>
      new Promise<boolean[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction("shoppingItems").objectStore("shoppingItems");
          const out: boolean[] = [];
          ids.forEach((id, i) => {
            const req = store.get(id);
            req.onsuccess = () => {
              out[i] = (req.result as { checked: boolean }).checked;
              if (out.filter((v) => v !== undefined).length === ids.length) {
                open.result.close();
                resolve(out);
              }
            };
          });
        };
      }),
    { name: `domus-u-${account.userId}`, ids },
  );
}

/**
 * A device holding every row of a large household (seeded by one initial pull through the app) syncs
 * after another device changed `changes` rows. Only that sync is timed, from pressing "Sync now" to
 * the pill showing "Synced" with the changed rows stored.
 */
export async function deltaSync(
  baseUrl: string,
  account: BenchAccount,
  options: { rows: number; changes: number; runs: number },
): Promise<DeltaResult> {
  const device = await newDevice(baseUrl);
  const { page } = device;
  try {
    await watchSyncStatus(page);
    await signIn(page, account);
    const seeded = await waitSynced(page, 1_800_000);
    const stored = await countRows(page, account, "shoppingItems");
    if (stored !== options.rows) throw new Error(`delta seed stored ${stored} rows, expected ${options.rows}`);

    const result: DeltaResult = {
      syncMs: [],
      pullRequestMs: [],
      rowsRead: [],
      seedMs: seeded.syncedAt! - Math.min(seeded.syncingAt!, seeded.firstPullAt ?? Infinity),
    };
    for (let run = 0; run < options.runs; run++) {
      const indexes = changedIndexes(run, options.rows, options.changes);
      const ids = indexes.map((i) => shoppingItem(i).id);
      const before = await checkedOf(device, account, ids);
      await setChecked(
        baseUrl,
        account,
        ids.map((id, i) => ({ id, checked: !before[i] })),
      );
      // Nothing else is syncing (a background run would share this one and skew it).
      await page.getByRole("button", { name: "Sync now" }).and(page.locator(":enabled")).waitFor();
      const reads: (number | null)[] = [];
      const onResponse = (res: Response) => {
        if (!res.url().endsWith("/api/sync/pull")) return;
        const header = res.headers()["x-d1-rows-read"];
        reads.push(header === undefined ? null : Number(header));
      };
      page.on("response", onResponse);
      await resetSyncMarks(page);
      await page.evaluate(() => {
        window.__syncMarks!.submitAt = performance.now();
        document.querySelector<HTMLButtonElement>('button[aria-label="Sync now"]')!.click();
      });
      const marks = await waitSynced(page, 60_000);
      page.off("response", onResponse);
      const after = await checkedOf(device, account, ids);
      if (after.some((v, i) => v === before[i])) throw new Error("delta sync did not bring every change");
      result.syncMs.push(marks.syncedAt! - marks.submitAt!);
      result.pullRequestMs.push(marks.pullRequestMs);
      const known = reads.length > 0 && reads.every((r) => r !== null);
      result.rowsRead.push(known ? reads.reduce<number>((n, r) => n + r!, 0) : null);
    }
    return result;
  } finally {
    await device.close();
  }
}

export const summarize = (r: DeltaResult) => ({
  syncMs: median(r.syncMs),
  pullRequestMs: median(r.pullRequestMs),
  rowsRead: r.rowsRead.every((n) => n !== null) ? Math.max(...(r.rowsRead as number[])) : null,
});

import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { type BenchAccount, shoppingItem } from "./api";
import { newDevice, signIn } from "./device";
import { CURRENT_VERSIONS } from "../../src/core/schema-version";

// Live propagation: another device of the account pushes a new shopping item; we time, on the
// wall clock both processes share, until device B (a page left alone on its shopping list) holds
// it in IndexedDB and shows it. The floor: the same page pulling in a tight loop, no IndexedDB.

const log = (message: string) => console.error(`[bench client] live: ${message}`);

/** Fails a step that should take well under a second instead of hanging the whole run. */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`live bench: ${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PropagationSample {
  idbMs: number;
  screenMs: number;
}

async function pushItem(base: string, account: BenchAccount, name: string, id: string): Promise<void> {
  const row = {
    ...shoppingItem(0),
    id,
    name,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  };
  const res = await fetch(`${base}/api/sync/push`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: account.cookie },
    body: JSON.stringify({ ...CURRENT_VERSIONS, clientId: "bench-device-a", changes: { shoppingItems: [row] } }),
  });
  if (!res.ok) throw new Error(`push answered ${res.status}`);
}

declare global {
  interface Window {
    __arrival?: Promise<{ idbAt: number; screenAt: number }>;
  }
}

/** Starts watching B's IndexedDB (polled) and screen (observed) for the row, before it is pushed. */
async function watchFor(page: Page, account: BenchAccount, id: string, name: string): Promise<void> {
  await page.evaluate(
    ({ dbName, id, name }) => {
      window.__arrival = new Promise((resolve) => {
        let idbAt = 0;
        let screenAt = 0;
        const done = () => idbAt && screenAt && resolve({ idbAt, screenAt });
        const seen = () => {
          if (!screenAt && document.body.textContent?.includes(name)) {
            screenAt = Date.now();
            observer.disconnect();
            done();
          }
        };
        const observer = new MutationObserver(seen);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        const open = indexedDB.open(dbName);
        open.onsuccess = () => {
          const db = open.result;
          const poll = () => {
            const req = db.transaction("shoppingItems", "readonly").objectStore("shoppingItems").get(id);
            req.onsuccess = () => {
              if (req.result) {
                idbAt = Date.now();
                db.close();
                done();
              } else setTimeout(poll, 2);
            };
          };
          poll();
        };
      });
    },
    { dbName: `domus-u-${account.userId}`, id, name },
  );
}

export async function propagation(
  base: string,
  account: BenchAccount,
  changes: number,
): Promise<{ ours: PropagationSample[]; floor: number[] }> {
  const b = await newDevice(base);
  try {
    await signIn(b.page, account);
    await b.page.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 60_000 });
    log("B signed in");
    await b.page.goto("/shopping");
    await b.page.waitForFunction(
      () => document.querySelector('[role="status"]')?.textContent?.trim() === "Live",
      null,
      {
        timeout: 60_000,
      },
    );
    const ours: PropagationSample[] = [];
    for (let i = 0; i < changes; i++) {
      const id = randomUUID();
      const name = `Live item ${i} ${id.slice(0, 6)}`;
      await watchFor(b.page, account, id, name);
      const sentAt = Date.now();
      await pushItem(base, account, name, id);
      const { idbAt, screenAt } = await within(
        30_000,
        `change ${i} reaching B`,
        b.page.evaluate(() => window.__arrival!),
      );
      ours.push({ idbMs: idbAt - sentAt, screenMs: screenAt - sentAt });
    }
    log(`ours done (${changes} changes)`);
    const floor: number[] = [];
    for (let i = 0; i < changes; i++) {
      const id = randomUUID();
      const looping = b.page.evaluate(
        async ({ id, versions }) => {
          // The tight loop: pull from the newest cursor until the row is in a response (the first
          // pass, from null, may already hold it when the machine is slow to start the loop).
          let cursor: string | null = null;
          for (;;) {
            const res = await fetch("/api/sync/pull", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ ...versions, cursor }),
            });
            const page = (await res.json()) as { cursor: string; changes: { shoppingItems?: { id: string }[] } };
            cursor = page.cursor;
            if (page.changes.shoppingItems?.some((r) => r.id === id)) return Date.now();
          }
        },
        { id, versions: CURRENT_VERSIONS },
      );
      // Let the loop reach its steady state before the change.
      await new Promise((r) => setTimeout(r, 100));
      const sentAt = Date.now();
      await pushItem(base, account, `Floor item ${i}`, id);
      floor.push((await within(30_000, `floor change ${i}`, looping)) - sentAt);
    }
    return { ours, floor };
  } finally {
    await b.close();
  }
}

/** 200 sockets on one hub: from a push's response to the last socket's poke. */
export async function fanOut(
  base: string,
  account: BenchAccount,
  sockets: number,
): Promise<{ afterResponseMs: number; afterSendMs: number }> {
  const url = `${base.replace(/^http/, "ws")}/api/sync/live`;
  let received = 0;
  let lastAt = 0;
  let allPoked: () => void = () => undefined;
  const poked = new Promise<void>((r) => (allPoked = r));
  const open = await Promise.all(
    Array.from(
      { length: sockets },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { headers: { cookie: account.cookie } } as unknown as string[]);
          ws.addEventListener("open", () => resolve(ws));
          ws.addEventListener("error", () => reject(new Error("a socket did not open")));
          ws.addEventListener("message", () => {
            lastAt = performance.now();
            if (++received === sockets) allPoked();
          });
        }),
    ),
  );
  try {
    const sentAt = performance.now();
    await pushItem(base, account, "Fan-out item", randomUUID());
    const respondedAt = performance.now();
    await poked;
    return { afterResponseMs: lastAt - respondedAt, afterSendMs: lastAt - sentAt };
  } finally {
    for (const ws of open) ws.close();
  }
}

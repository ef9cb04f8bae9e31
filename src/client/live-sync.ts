import { decodeCursor } from "../core/cursor";
import type { Transport } from "./api-client";
import type { DomusDb } from "./db";
import {
  type LiveConfig,
  type LiveStatus,
  type OpenSocket,
  DEFAULT_LIVE_CONFIG,
  createPokeHandler,
  defaultOpenSocket,
  liveUrl,
  runLive,
} from "./live";
import { type LockManagerLike, syncLockName } from "./lock";
import { getMeta } from "./meta";
import type { SyncOutcome } from "./sync-state";
import type { StatusStore } from "./sync-status";

export type { LiveConfig, OpenSocket } from "./live";

/** While live, only every n-th interval tick syncs: pokes bring changes, the interval is the safety net. */
const QUIET_TICKS = 10;

/**
 * The engine's live channel: one socket per account (the tab holding the live lock), a pull when a
 * poke is newer than the cursor, a catch-up pull on every (re)connect, a sync after the server ended
 * the session (so the indicator says "Signed out"), and the state's `live` flag shared with the
 * account's other tabs.
 */
export function startLiveSync(input: {
  db: DomusDb;
  transport: Transport;
  locks: LockManagerLike;
  sync: () => Promise<SyncOutcome>;
  random: () => number;
  status: StatusStore;
  open?: OpenSocket;
  config?: Partial<LiveConfig>;
}): { stop(): void; skipTick(): boolean } | null {
  const url = liveUrl(input.transport.baseUrl);
  if (!url) return null;
  const { db, sync, status } = input;
  const channel = openChannel(`domus-live:${db.name}`);
  let mine: LiveStatus = "off";
  let ticks = 0;
  const show = (up: boolean) => {
    if (status.state.live !== up) status.set({ live: up });
  };
  channel?.addEventListener("message", (e: MessageEvent<unknown>) => {
    // Another tab holds the socket and says whether it is up.
    if (mine === "standby" && typeof e.data === "boolean") show(e.data);
  });
  const onPoke = createPokeHandler({
    cursorVersion: async () => decodeCursor(await getMeta(db, "cursor")) ?? 0,
    sync,
    othersDone: () => input.locks.request(syncLockName(db), () => Promise.resolve()),
  });
  const stop = runLive(
    {
      url,
      auth: input.transport.auth,
      open: input.open ?? defaultOpenSocket,
      locks: input.locks,
      lockName: `domus-live:${db.name}`,
      random: input.random,
      onStatus(next) {
        const wasHolding = mine !== "standby" && mine !== "off";
        mine = next;
        if (next !== "standby") show(next === "up");
        if (next !== "standby" && (wasHolding || next !== "off")) channel?.postMessage(next === "up");
      },
      onOpen: () => void sync().catch(() => undefined),
      onPoke: (version) => void onPoke(version).catch(() => undefined),
      onEnded: () => void sync().catch(() => undefined),
    },
    { ...DEFAULT_LIVE_CONFIG, ...input.config },
  );
  return {
    stop() {
      stop();
      channel?.close();
    },
    skipTick: () => status.state.live && ++ticks % QUIET_TICKS !== 0,
  };
}

function openChannel(name: string): BroadcastChannel | null {
  return typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(name);
}

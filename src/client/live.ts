import { LIVE_PATH, LIVE_PING, LIVE_PONG, CLOSE_REMOVED, CLOSE_SESSION_ENDED, liveEnded, livePoke } from "../core/live";
import { backoffDelay } from "./backoff";
import type { LockManagerLike } from "./lock";

/** The part of a WebSocket the live channel uses (the browser's, Node's undici one, or a test's). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "close", listener: (event: { code: number }) => void): void;
}

/** Opens the live socket; a token means Bearer auth (outside browsers), else the session cookie rides along. */
export type OpenSocket = (url: string, token: string | null) => WebSocketLike;

/** `standby`: another tab of this account holds the socket (and pulls into the shared database). */
export type LiveStatus = "off" | "standby" | "connecting" | "up" | "down";

export const defaultOpenSocket: OpenSocket = (url, token) =>
  token
    ? // Node's WebSocket (undici) takes headers in a non-standard options argument; browsers never get here.
      new WebSocket(url, { headers: { authorization: `Bearer ${token}` } } as unknown as string[])
    : new WebSocket(url);

/** ws(s)://…/api/sync/live for an API base URL ("" = this page's origin). */
export function liveUrl(baseUrl: string | undefined): string | null {
  const g = globalThis as { location?: { href: string } };
  const base = baseUrl || g.location?.href;
  if (!base) return null;
  const url = new URL(LIVE_PATH, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export interface LiveDeps {
  url: string;
  auth?: { token: string | null } | undefined;
  open: OpenSocket;
  locks: LockManagerLike;
  /** One socket per account: the tab holding this lock holds it. */
  lockName: string;
  random: () => number;
  onStatus(status: LiveStatus): void;
  /** The socket (re)opened: changes may have been missed while it was down, so catch up. */
  onOpen(): void;
  onPoke(version: number): void;
  /** The server closed the socket because the session ended or the member was removed. */
  onEnded(code: number): void;
}

export interface LiveConfig {
  backoffMs: number;
  maxBackoffMs: number;
  /** How often to ping (answered by the runtime without waking the hub); a missing pong drops the socket. */
  pingMs: number;
  pongTimeoutMs: number;
}

export const DEFAULT_LIVE_CONFIG: LiveConfig = {
  backoffMs: 1_000,
  maxBackoffMs: 60_000,
  pingMs: 30_000,
  pongTimeoutMs: 10_000,
};

/**
 * Holds the live socket while this tab holds the account's live lock: connects, reports pokes,
 * pings to notice a dead connection, and reconnects with exponential backoff and jitter (slowly
 * after the server ended the session). Returns the function that closes it and lets another tab
 * take over.
 */
export function runLive(deps: LiveDeps, config: LiveConfig = DEFAULT_LIVE_CONFIG): () => void {
  let stopped = false;
  let socket: WebSocketLike | null = null;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));

  const clearTimers = () => {
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
  };

  function retry(afterEnded: boolean): void {
    if (stopped) return;
    // An ended session will be refused again: try rarely (a new sign-in restarts the engine anyway).
    failures = afterEnded ? Math.max(failures + 1, 30) : failures + 1;
    const delay = backoffDelay({
      failures,
      baseMs: config.backoffMs,
      maxMs: config.maxBackoffMs,
      random: deps.random,
    });
    retryTimer = setTimeout(connect, delay);
  }

  /** The socket is gone (closed, failed or ended by the server): once per socket. */
  function lost(ws: WebSocketLike, code: number): void {
    if (socket !== ws) return;
    socket = null;
    clearTimers();
    if (stopped) return;
    deps.onStatus("down");
    const ended = code === CLOSE_SESSION_ENDED || code === CLOSE_REMOVED;
    if (ended) deps.onEnded(code);
    retry(ended);
  }

  function connect(): void {
    if (stopped) return;
    deps.onStatus("connecting");
    let ws: WebSocketLike;
    try {
      ws = deps.open(deps.url, deps.auth?.token ?? null);
    } catch {
      deps.onStatus("down");
      retry(false);
      return;
    }
    socket = ws;
    ws.addEventListener("open", () => {
      if (socket !== ws || stopped) return;
      failures = 0;
      deps.onStatus("up");
      pingTimer = setInterval(() => {
        ws.send(LIVE_PING);
        clearTimeout(pongTimer);
        // No pong: the connection died without a close (sleeping laptop, dropped NAT); start over.
        pongTimer = setTimeout(() => ws.close(4000, "No pong"), config.pongTimeoutMs);
      }, config.pingMs);
      deps.onOpen();
    });
    ws.addEventListener("message", (event) => {
      if (socket !== ws) return;
      if (event.data === LIVE_PONG) {
        clearTimeout(pongTimer);
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return; // Not JSON: nothing this client understands.
      }
      const poke = livePoke.safeParse(message);
      if (poke.success) deps.onPoke(poke.data.version);
      const ended = liveEnded.safeParse(message);
      if (ended.success) {
        // The close frame may lag behind (proxies); the session is over now.
        lost(ws, ended.data.code);
        try {
          ws.close(1000, "Ended");
        } catch {
          // Already closing.
        }
      }
    });
    ws.addEventListener("close", (event) => lost(ws, event.code));
    // A refused handshake may report only an error (Node's WebSocket), never a close.
    ws.addEventListener("error", () => lost(ws, 1006));
  }

  deps.onStatus("standby");
  void deps.locks
    .request(deps.lockName, async () => {
      if (stopped) return;
      connect();
      await held;
    })
    .catch(() => undefined);

  return () => {
    if (stopped) return;
    stopped = true;
    clearTimers();
    const ws = socket;
    socket = null;
    try {
      ws?.close(1000, "Stopped");
    } catch {
      // Already closed.
    }
    release();
    deps.onStatus("off");
  };
}

/**
 * Turns pokes into pulls, coalesced: a poke no newer than what was handled is ignored; pokes
 * arriving during a sync raise the target, and one more sync runs after it only if the cursor is
 * still behind. However many pokes arrive, at most one sync runs and one waits.
 */
export function createPokeHandler(deps: {
  cursorVersion: () => Promise<number>;
  sync: () => Promise<{ status: string }>;
  /**
   * Waits until no sync of this database runs elsewhere (the service worker's, or another tab's):
   * a poke for a change that sync pushed is then read by its own pull, not by a second one here.
   */
  othersDone?: () => Promise<void>;
}): (version: number) => Promise<void> {
  let wanted = 0;
  let handled = 0;
  let running = false;
  return async (version) => {
    if (version <= handled) return;
    wanted = Math.max(wanted, version);
    if (running) return;
    running = true;
    try {
      while (wanted > handled) {
        const target = wanted;
        let behind = (await deps.cursorVersion()) < target;
        if (behind && deps.othersDone) {
          await deps.othersDone();
          behind = (await deps.cursorVersion()) < target;
        }
        if (behind) {
          const outcome = await deps.sync();
          // Offline or refused: the background schedule retries; a later poke tries again.
          if (outcome.status !== "synced") break;
        }
        // A synced pull read everything up to the server's version then, which is at least `target`
        // (the cursor may stay lower: other members' private rows move the version too).
        handled = target;
      }
    } finally {
      running = false;
    }
  };
}

import { env } from "cloudflare:workers";
import { type LivePoke, livePoke } from "../src/core/live";
import { type Account, BASE } from "./server-helpers";
import type { Env } from "../src/server/config";
import { handleLive } from "../src/server/live/live-route";

// Test helpers for the live channel: real upgrades through the Worker's live route to the real hub.

export interface LiveSocket {
  ws: WebSocket;
  pokes: LivePoke[];
  /** The close code, once the server closed the socket. */
  closed: number | null;
}

export function liveRequest(options: { token?: string; cookie?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers({ upgrade: "websocket", ...options.headers });
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  return new Request(`${BASE}/api/sync/live`, { headers });
}

export async function openLive(who: Account | { token: string }): Promise<LiveSocket> {
  const res = await handleLive(liveRequest({ token: who.token }), env as unknown as Env);
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  const socket: LiveSocket = { ws: res.webSocket, pokes: [], closed: null };
  socket.ws.accept();
  socket.ws.addEventListener("message", (e) => {
    const parsed = livePoke.safeParse(JSON.parse(String(e.data)));
    if (parsed.success) socket.pokes.push(parsed.data);
  });
  socket.ws.addEventListener("close", (e) => {
    socket.closed = e.code;
  });
  return socket;
}

/** Polls `check` until it holds or the deadline passes (never a fixed sleep). */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The household's version as D1 has it: what a poke must carry. */
export async function householdSeq(householdId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT seq FROM households WHERE id = ?`)
    .bind(householdId)
    .first<{ seq: number }>();
  return Number(row?.seq ?? 0);
}

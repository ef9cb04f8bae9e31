import { DurableObject } from "cloudflare:workers";
import { CLOSE_SESSION_ENDED, LIVE_PING, LIVE_PONG, type LiveMember } from "../../core/live";
import { type HubPoke, IDENTITY_HEADER, type SocketIdentity } from "./socket-identity";

/** Pokes to one target inside the coalescing window collapse into one carrying the newest version. */
export const POKE_WINDOW_MS = 50;
const EVERYONE = "*";

const userTag = (userId: string) => `u:${userId}`;
const sessionTag = (sid: string) => `s:${sid}`;

function identityOf(ws: WebSocket): SocketIdentity | null {
  const value = ws.deserializeAttachment() as SocketIdentity | null;
  return value && typeof value.userId === "string" ? value : null;
}

/**
 * One per household (`idFromName(householdId)`): holds the household's live sockets with the
 * Hibernation API and tells them when the household changed. It stores nothing and reads nothing:
 * D1 stays the system of record, a poke only says "version N exists, pull". Who is connected lives
 * in each socket's attachment, so it survives hibernation without a storage write; pings are
 * answered by the runtime (auto-response) without waking the object.
 *
 * A flood of pushes never queues: the first poke goes out at once, later ones inside the window only
 * raise the newest version per target (everyone, or one user), flushed once when the window ends.
 * Memory is bounded by the number of members, whatever the rate of pushes.
 */
export class HouseholdHub extends DurableObject {
  private pending = new Map<string, number>();
  /** Newest version sent per target since the object woke: an older poke arriving late is dropped. */
  private sent = new Map<string, number>();
  private windowOpen = false;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as Cloudflare.Env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(LIVE_PING, LIVE_PONG));
  }

  /** The live route's upgrade, already authenticated by the Worker (the only caller of this object). */
  override async fetch(req: Request): Promise<Response> {
    const raw = req.headers.get(IDENTITY_HEADER);
    const identity = raw ? (JSON.parse(raw) as SocketIdentity) : null;
    if (!identity || req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected an authenticated WebSocket upgrade.", { status: 400 });
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [userTag(identity.userId), sessionTag(identity.sid)]);
    server.serializeAttachment(identity);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Tells the household's sockets (or one user's) that `version` exists. Returns sockets poked now. */
  async poke(poke: HubPoke): Promise<number> {
    const target = poke.userId ?? EVERYONE;
    if (this.windowOpen) {
      this.pending.set(target, Math.max(this.pending.get(target) ?? 0, poke.version));
      return 0;
    }
    this.openWindow();
    return this.send(target, poke.version);
  }

  /** Closes the sockets of one session, or of every session of a user (sign-out, removal, deletion). */
  async closeSockets(input: { userId: string; sid?: string; code?: number; reason?: string }): Promise<number> {
    const tag = input.sid ? sessionTag(input.sid) : userTag(input.userId);
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(tag)) {
      if (identityOf(ws)?.userId !== input.userId) continue;
      const code = input.code ?? CLOSE_SESSION_ENDED;
      try {
        // Said in a message too: a close frame can sit behind a proxy (wrangler dev) until the next
        // traffic, while a message goes out at once; the client closes on either.
        ws.send(JSON.stringify({ type: "ended", code }));
        ws.close(code, input.reason ?? "Session ended");
        closed++;
      } catch {
        // Already closing.
      }
    }
    return closed;
  }

  /** Members with at least one device connected now, from the sockets' attachments (no storage). */
  async presence(): Promise<LiveMember[]> {
    const byUser = new Map<string, LiveMember>();
    for (const ws of this.ctx.getWebSockets()) {
      const who = identityOf(ws);
      if (!who) continue;
      const member = byUser.get(who.userId) ?? { userId: who.userId, name: who.name, devices: 0 };
      member.devices++;
      byUser.set(who.userId, member);
    }
    return [...byUser.values()];
  }

  /** Clients send nothing but "ping", which the runtime answers itself; anything else is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // The runtime already completed the close.
    }
  }

  private send(target: string, version: number): number {
    if (version <= Math.max(this.sent.get(target) ?? -1, this.sent.get(EVERYONE) ?? -1)) return 0;
    this.sent.set(target, version);
    const sockets = this.ctx.getWebSockets(target === EVERYONE ? undefined : userTag(target));
    const message = JSON.stringify({ type: "poke", version });
    let sent = 0;
    for (const ws of sockets) {
      try {
        ws.send(message);
        sent++;
      } catch {
        // A socket closing meanwhile: its client reconnects and pulls.
      }
    }
    return sent;
  }

  private pendingFor(due: [string, number][], target: string): number {
    return due.find(([t]) => t === target)?.[1] ?? 0;
  }

  private openWindow(): void {
    this.windowOpen = true;
    setTimeout(() => this.flush(), POKE_WINDOW_MS);
  }

  private flush(): void {
    const due = [...this.pending];
    this.pending.clear();
    this.windowOpen = false;
    if (due.length === 0) return;
    const everyone = this.pendingFor(due, EVERYONE);
    this.openWindow();
    if (everyone > 0) this.send(EVERYONE, everyone);
    for (const [target, version] of due) {
      if (target !== EVERYONE) this.send(target, version);
    }
  }
}

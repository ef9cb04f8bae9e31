import { z } from "./zod";

// The live channel (GET /api/sync/live, a WebSocket): the server only ever sends pokes; the client
// sends nothing but "ping" (answered "pong" by the runtime without waking the hub). A poke says
// "the household's changes reached `version`": the client pulls if its cursor is older.

export const LIVE_PATH = "/api/sync/live";
export const LIVE_PING = "ping";
export const LIVE_PONG = "pong";

export const livePoke = z.object({ type: z.literal("poke"), version: z.number().int().nonnegative() });
export type LivePoke = z.infer<typeof livePoke>;

/** Sent right before the hub closes a socket whose session ended or whose member was removed. */
export const liveEnded = z.object({ type: z.literal("ended"), code: z.number().int() });

/** The hub closed the socket because its session ended (sign-out, revocation, account deleted). */
export const CLOSE_SESSION_ENDED = 4001;
/** The hub closed the socket because the member left or was removed from the household. */
export const CLOSE_REMOVED = 4003;

/** A member with at least one device connected to the live channel now. */
export const liveMember = z.object({ userId: z.string(), name: z.string(), devices: z.number() });
export type LiveMember = z.infer<typeof liveMember>;

export const presenceResponse = z.object({ members: z.array(liveMember) });
export type PresenceResponse = z.infer<typeof presenceResponse>;

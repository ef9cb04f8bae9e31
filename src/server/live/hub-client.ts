import type { LiveMember } from "../../core/live";
// Types only: this module is in the Next.js build, which cannot load `cloudflare:workers`.
import type { HouseholdHub } from "./household-hub";
import { type HubPoke, IDENTITY_HEADER, type SocketIdentity } from "./socket-identity";

/** The Worker's side of the household hubs: one Durable Object per household, by name. */
export interface HubClient {
  /** Forwards an authenticated WebSocket upgrade to the household's hub. */
  connect(householdId: string, req: Request, identity: SocketIdentity): Promise<Response>;
  /** Tells the household's sockets (or one user's) that the household reached `version`. */
  poke(householdId: string, poke: HubPoke): Promise<number>;
  /**
   * Closes a user's sockets in the household: one session's (`sid`), or all of them. Sign-out,
   * session revocation, account deletion and member removal call this.
   */
  closeSockets(householdId: string, who: { userId: string; sid?: string; code?: number }): Promise<number>;
  /** Members with a device connected now. */
  presence(householdId: string): Promise<LiveMember[]>;
}

export function createHubClient(namespace: DurableObjectNamespace<HouseholdHub>): HubClient {
  const hub = (householdId: string) => namespace.get(namespace.idFromName(householdId));
  return {
    connect(householdId, req, identity) {
      const headers = new Headers({ upgrade: "websocket", [IDENTITY_HEADER]: JSON.stringify(identity) });
      return hub(householdId).fetch(new Request(req.url, { headers }));
    },
    poke: (householdId, poke) => hub(householdId).poke(poke),
    closeSockets: (householdId, who) => hub(householdId).closeSockets(who),
    presence: async (householdId) => hub(householdId).presence(),
  };
}

/** Set by the Worker's live route on the upgrade it forwards: who the authenticated caller is. */
export const IDENTITY_HEADER = "x-domus-live-identity";

/** What each socket carries as its attachment (kept by the runtime across hibernation). */
export interface SocketIdentity {
  userId: string;
  sid: string;
  name: string;
}

export interface HubPoke {
  version: number;
  /** Only this user's sockets (a change to a user-scoped table); everyone's when absent. */
  userId?: string | undefined;
}

/** What the header shows about sync, derived from the client sync engine's state. */
export interface SyncView {
  status: "idle" | "syncing" | "offline" | "error" | "unauthorized" | "local-only";
  pending: number;
  lastSyncAt: string | null;
  error: string | null;
  /** 0..1 during a long sync, null when unknown. */
  progress: number | null;
  conflicts: number;
}

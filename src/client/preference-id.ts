// The derivation is shared with the server, which refuses a preference created under an id derived
// for another user (src/server/sync/user-row-ids.ts).
export { preferenceId } from "../core/preference-id";

import { ApiError, createApi } from "@/client";
import { retryAfterSentence } from "@/core/retry-after";

export { ApiError, type RegisterInput } from "@/client";

/** The app's API: the client's one HTTP client, same origin, on the session cookie. */
export const api = createApi();

const OFFLINE_MESSAGE = "You appear to be offline. Check your connection and try again.";

/** A sentence for people: the server's, with when to try again after a 429; the offline one when no answer came. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.offline) return OFFLINE_MESSAGE;
    const when =
      err.status === 429 && err.retryAfterMs !== null
        ? retryAfterSentence(String(Math.ceil(err.retryAfterMs / 1000)), Date.now())
        : null;
    return when && !err.message.includes("Try again in") ? `${err.message} ${when}` : err.message;
  }
  if (err instanceof Error) return err.message;
  return "Something went wrong. Please try again.";
}

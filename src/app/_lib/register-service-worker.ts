/** Registers /sw.js; the registration, or null where there are no service workers or it failed. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return null;
  try {
    return await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  } catch (err) {
    console.warn("Domus: offline support is unavailable", err);
    return null;
  }
}

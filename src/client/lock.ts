/** The part of the Web Locks API the engine needs (`navigator.locks` fits). */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** The lock every sync of a database holds, in any tab or the service worker: one sync at a time. */
export const syncLockName = (db: { name: string }) => `domus-sync:${db.name}`;

const chains = new Map<string, Promise<unknown>>();

/**
 * Exclusive locks within this JavaScript realm: the fallback where Web Locks are missing (old
 * browsers, Node). Callbacks for one name run one after the other, in call order.
 */
export const inProcessLocks: LockManagerLike = {
  request<T>(name: string, callback: () => Promise<T>): Promise<T> {
    const previous = chains.get(name) ?? Promise.resolve();
    const result = previous.then(callback);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    chains.set(name, tail);
    void tail.then(() => {
      if (chains.get(name) === tail) chains.delete(name);
    });
    return result;
  },
};

/** Web Locks when the platform has them (one sync across every tab), else the in-process fallback. */
export function defaultLocks(): LockManagerLike {
  const nav = (globalThis as { navigator?: { locks?: LockManager } }).navigator;
  const locks = nav?.locks;
  if (!locks) return inProcessLocks;
  // Web Locks type the callback's promise as the result; awaiting it gives the callback's value.
  return { request: (name, callback) => locks.request(name, () => callback()).then((value) => value) };
}

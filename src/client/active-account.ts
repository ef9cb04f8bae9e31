import { Dexie, type Table } from "dexie";
import { z } from "../core/zod";

/**
 * Which account database this browser works in, kept where a service worker can read it after every
 * tab has closed (a Background Sync event arrives with no page to ask). One record in a database of
 * its own: the account databases are created and deleted with sign-ins, this one stays.
 */
export const DEVICE_DB_NAME = "domus-device";

const activeAccount = z.object({ userId: z.string().min(1) });
export type ActiveAccount = z.infer<typeof activeAccount>;

interface DeviceRecord {
  key: string;
  value: unknown;
}

export interface DeviceDbOptions {
  /** Injected IndexedDB (fake-indexeddb in tests); the browser's by default. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

const ACTIVE_KEY = "activeAccount";

async function withDeviceDb<T>(options: DeviceDbOptions, use: (records: Table<DeviceRecord, string>) => Promise<T>) {
  const dexieOptions: ConstructorParameters<typeof Dexie>[1] = {};
  if (options.indexedDB) dexieOptions.indexedDB = options.indexedDB;
  if (options.IDBKeyRange) dexieOptions.IDBKeyRange = options.IDBKeyRange;
  const db = new Dexie(DEVICE_DB_NAME, dexieOptions);
  db.version(1).stores({ records: "key" });
  try {
    return await use(db.table<DeviceRecord, string>("records"));
  } finally {
    db.close();
  }
}

/** Records the signed-in account whose database is open, or null when none is (local-only, signed out). */
export async function setActiveAccount(account: ActiveAccount | null, options: DeviceDbOptions = {}): Promise<void> {
  await withDeviceDb(options, async (records) => {
    if (account) await records.put({ key: ACTIVE_KEY, value: activeAccount.parse(account) });
    else await records.delete(ACTIVE_KEY);
  });
}

/** The account last recorded by a page; null when none is, or the record is not one this version wrote. */
export async function getActiveAccount(options: DeviceDbOptions = {}): Promise<ActiveAccount | null> {
  const record = await withDeviceDb(options, (records) => records.get(ACTIVE_KEY));
  const parsed = activeAccount.safeParse(record?.value);
  return parsed.success ? parsed.data : null;
}

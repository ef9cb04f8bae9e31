import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, test } from "vitest";
import { openDevice, signIn, signUp, useTestServer, visible } from "../../test/client-server";
import { adoptLocalData, clearDevice } from "./accounts";
import { LOCAL_DB_NAME, openDomusDb, userDbName } from "./db";
import { preferenceId } from "./preference-id";

const { server, track } = useTestServer();

describe("accounts on a device", () => {
  test("what was written before signing up reaches the household and another device", async () => {
    const browser = new IDBFactory();
    const local = await track(openDevice(server, null, { indexedDB: browser }));
    await local.repo.add("tasks", { title: "Pay rent", dueDate: "2026-12-01" });
    await local.repo.add("shoppingItems", { name: "Candles", quantity: 4 });
    const gone = await local.repo.add("notes", { title: "Scratch" });
    await local.repo.remove("notes", gone);
    await local.repo.setPreference("theme", "dark");

    const user = await signUp(server);
    const signedIn = await track(openDevice(server, user.session, { indexedDB: browser }));
    expect(await adoptLocalData(local.db, signedIn.db)).toBe(3);
    expect((await signedIn.engine.sync()).pushed).toBe(3);

    const other = await track(openDevice(server, await signIn(server, user)));
    await other.engine.sync();
    expect((await visible(other, "tasks")).map((t) => [t.title, t.dueDate])).toEqual([["Pay rent", "2026-12-01"]]);
    expect((await visible(other, "shoppingItems")).map((i) => [i.name, i.quantity])).toEqual([["Candles", 4]]);
    expect(await visible(other, "notes")).toEqual([]);
    const [pref] = await visible(other, "preferences");
    expect(pref).toMatchObject({ id: preferenceId(user.session.user.id, "theme"), value: "dark" });
    expect(pref?.userId).toBe(user.session.user.id);
    // The local database is emptied once its rows belong to the account.
    expect(await local.db.tasks.count()).toBe(0);
    expect(await local.db.outbox.count()).toBe(0);
  });

  test("a preference changed while the rows move into the account is moved too, not dropped", async () => {
    const browser = new IDBFactory();
    const local = await track(openDevice(server, null, { indexedDB: browser }));
    await local.repo.add("tasks", { title: "Pay rent" });
    const prefId = await local.repo.setPreference("theme", "dark");
    const before = await local.db.preferences.get(prefId);
    const user = await signUp(server);
    const signedIn = await track(openDevice(server, user.session, { indexedDB: browser }));
    // The page still writes to the local database while the move runs: once the move has read it and
    // is writing into the account's database, the theme is switched there (a write of its own,
    // committed before anything the move does next to the local database).
    let switched = false;
    signedIn.db.tasks.hook("creating", () => {
      if (switched || !before) return;
      switched = true;
      const later = new Date(Date.parse(before.updatedAt) + 1_000).toISOString();
      const tx = local.db.backendDB().transaction(["preferences"], "readwrite");
      tx.objectStore("preferences").put({
        ...before,
        value: "light",
        updatedAt: later,
        fieldUpdatedAt: { ...before.fieldUpdatedAt, value: later },
      });
    });
    expect(await adoptLocalData(local.db, signedIn.db)).toBe(2);
    expect(switched).toBe(true);
    await signedIn.engine.sync();
    const other = await track(openDevice(server, await signIn(server, user)));
    await other.engine.sync();
    const [pref] = await visible(other, "preferences");
    expect(pref).toMatchObject({ id: preferenceId(user.session.user.id, "theme"), value: "light" });
    expect(await local.db.preferences.count()).toBe(0);
  });

  test("another account on the same browser never sees the first account's data", async () => {
    const browser = new IDBFactory();
    const first = await signUp(server);
    const a = await track(openDevice(server, first.session, { indexedDB: browser }));
    await a.repo.add("notes", { title: "Safe combination", body: "12-34-56" });
    await a.engine.sync();
    a.close();

    const second = await signUp(server);
    const b = await track(openDevice(server, second.session, { indexedDB: browser }));
    expect(b.db.name).toBe(userDbName(second.session.user.id));
    await b.engine.sync();
    expect(await b.db.notes.count()).toBe(0);
  });

  test("clearing the device on sign-out deletes its database", async () => {
    const browser = new IDBFactory();
    const guest = await openDevice(server, null, { indexedDB: browser });
    await guest.repo.add("tasks", { title: "Guest list" });
    guest.close();
    const user = await signUp(server);
    const a = await openDevice(server, user.session, { indexedDB: browser });
    await a.repo.add("tasks", { title: "Unsynced" });
    a.engine.dispose();
    await clearDevice(a.db);
    const reopened = openDomusDb({ name: userDbName(user.session.user.id), indexedDB: browser, IDBKeyRange });
    expect(await reopened.tasks.count()).toBe(0);
    expect(await reopened.outbox.count()).toBe(0);
    reopened.close();
    // The local-only database is a different one and untouched.
    const local = openDomusDb({ name: LOCAL_DB_NAME, indexedDB: browser, IDBKeyRange });
    expect((await local.tasks.toArray()).map((t) => t.title)).toEqual(["Guest list"]);
    local.close();
  });
});

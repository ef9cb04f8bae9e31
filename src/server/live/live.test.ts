import { env } from "cloudflare:workers";
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import { CLOSE_SESSION_ENDED, type PresenceResponse } from "../../core/live";
import {
  call,
  errorOf,
  joinHousehold,
  jsonOf,
  registerAccount,
  sessionCookieOf,
  uniqueEmail,
} from "../../../test/server-helpers";
import type { Env } from "../config";
import { handleLive } from "./live-route";
import { householdSeq, liveRequest, openLive, until } from "../../../test/live-kit";
import { at, preference, push, shoppingItem } from "../../../test/sync-test-kit";

const live = (req: Request) => handleLive(req, env as unknown as Env);
const hubOf = (householdId: string) => env.HUB.get(env.HUB.idFromName(householdId));

describe("the live channel refuses before upgrading", () => {
  test("without a session it answers 401 with the usual JSON error", async () => {
    const res = await live(liveRequest());
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthorized");
  });

  test("a handshake from another site is refused even with a valid cookie", async () => {
    const email = uniqueEmail();
    await registerAccount({ email });
    const login = await call("/api/auth/login", { body: { email, password: "correct horse battery staple" } });
    const res = await live(
      liveRequest({ cookie: sessionCookieOf(login), headers: { origin: "https://evil.example" } }),
    );
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("forbidden");
  });

  test("a plain GET without Upgrade is told to upgrade", async () => {
    const a = await registerAccount();
    const res = await call("/api/sync/live", { token: a.token });
    expect(res.status).toBe(426);
    expect((await errorOf(res)).code).toBe("websocket_required");
  });

  test("where the Worker entry does not route it (next dev), it says live is unavailable", async () => {
    const a = await registerAccount();
    const res = await call("/api/sync/live", { token: a.token, headers: { upgrade: "websocket" } });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe("unavailable");
  });

  test("a session cookie from the same site upgrades", async () => {
    const email = uniqueEmail();
    await registerAccount({ email });
    const login = await call("/api/auth/login", { body: { email, password: "correct horse battery staple" } });
    const res = await live(
      liveRequest({ cookie: sessionCookieOf(login), headers: { origin: "http://127.0.0.1:8787" } }),
    );
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    res.webSocket?.close(1000);
  });
});

describe("pokes reach the household's sockets and nobody else's", () => {
  test("a push pokes every member's socket with the household's new version", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    const outsider = await registerAccount();
    const [sa, sb, so] = await Promise.all([openLive(a), openLive(b), openLive(outsider)]);
    await push(a, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(1))] });
    const version = await householdSeq(a.household.id);
    await until(() => sa.pokes.length > 0 && sb.pokes.length > 0, "both members' pokes");
    expect(sb.pokes).toEqual([{ type: "poke", version }]);
    expect(sa.pokes).toEqual([{ type: "poke", version }]);
    // The outsider's own household moves afterwards: the first poke its socket hears is its own.
    await push(outsider, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(2))] });
    await until(() => so.pokes.length > 0, "the outsider's own poke");
    expect(so.pokes).toEqual([{ type: "poke", version: await householdSeq(outsider.household.id) }]);
  });

  test("a change to a user-scoped table pokes only that user's sockets", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    const [sa, sb] = await Promise.all([openLive(a), openLive(b)]);
    await push(a, { preferences: [preference(crypto.randomUUID(), at(1))] });
    const privateVersion = await householdSeq(a.household.id);
    await until(() => sa.pokes.length > 0, "the author's poke");
    // Then a shared change: b's socket (ordered, one hub) hears it first and only it.
    await push(a, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(2))] });
    const sharedVersion = await householdSeq(a.household.id);
    await until(() => sb.pokes.length > 0, "the household poke");
    expect(sa.pokes[0]?.version).toBe(privateVersion);
    expect(sb.pokes).toEqual([{ type: "poke", version: sharedVersion }]);
  });

  test("a push that changes nothing pokes nobody, a refused row included", async () => {
    const a = await registerAccount();
    const sa = await openLive(a);
    const refused = await push(a, { shoppingItems: [{ id: "not-a-row" }] });
    expect(refused.results()[0]?.status).toBe("rejected");
    await push(a, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(1))] });
    const version = await householdSeq(a.household.id);
    await until(() => sa.pokes.length > 0, "the poke of the real change");
    expect(sa.pokes).toEqual([{ type: "poke", version }]);
  });

  test("a flood of pushes coalesces into few pokes that end on the final version, never going back", async () => {
    const a = await registerAccount();
    const sa = await openLive(a);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => push(a, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(i))] })),
    );
    const final = await householdSeq(a.household.id);
    expect(final).toBe(40);
    await until(() => sa.pokes.at(-1)?.version === final, "the final version");
    expect(sa.pokes.length).toBeLessThan(40);
    const versions = sa.pokes.map((p) => p.version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
  });
});

describe("sockets close when their session ends", () => {
  test("signing out closes that session's socket, and only that one", async () => {
    const email = uniqueEmail();
    const a = await registerAccount({ email });
    const login = await call("/api/auth/login", { body: { email, password: a.password } });
    const second = await jsonOf<{ token: string }>(login);
    const [first, other] = await Promise.all([openLive(a), openLive(second)]);
    await call("/api/auth/logout", { method: "POST", token: a.token });
    await until(() => first.closed !== null, "the signed-out socket to close");
    expect(first.closed).toBe(CLOSE_SESSION_ENDED);
    await push(second as typeof a, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(1))] });
    await until(() => other.pokes.length > 0, "the other session's poke");
    expect(other.closed).toBeNull();
    // And the ended session cannot connect again.
    expect((await live(liveRequest({ token: a.token }))).status).toBe(401);
  });

  test("deleting the account closes every socket of that user, not the other member's", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    const [sa, sb] = await Promise.all([openLive(a), openLive(b)]);
    const res = await call("/api/auth/delete-account", { token: a.token, body: { password: a.password } });
    expect(res.status).toBeLessThan(300);
    await until(() => sa.closed !== null, "the deleted user's socket to close");
    await push(b, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(1))] });
    await until(() => sb.pokes.length > 0, "the remaining member's poke");
    expect(sb.closed).toBeNull();
  });

  test("closeSockets(householdId, { userId }) closes a removed member's sockets", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    const sb = await openLive(b);
    expect(await hubOf(a.household.id).closeSockets({ userId: b.user.id, code: 4003 })).toBe(1);
    await until(() => sb.closed !== null, "the removed member's socket to close");
    expect(sb.closed).toBe(4003);
  });
});

describe("presence and restarts", () => {
  test("the household page can see which members have a device connected", async () => {
    const a = await registerAccount({ name: "Ana" });
    const b = await joinHousehold(a, "Ben");
    const outsider = await registerAccount();
    await Promise.all([openLive(a), openLive(a), openLive(b), openLive(outsider)]);
    const res = await call("/api/household/presence", { token: b.token });
    const body = await jsonOf<PresenceResponse>(res);
    const members = [...body.members].sort((x, y) => x.name.localeCompare(y.name));
    expect(members).toEqual([
      { userId: a.user.id, name: "Ana", devices: 2 },
      { userId: b.user.id, name: "Ben", devices: 1 },
    ]);
  });

  test("a hibernated hub still knows who is connected and still pokes them", async () => {
    const a = await registerAccount({ name: "Ana" });
    const sa = await openLive(a);
    await evictDurableObject(hubOf(a.household.id), { webSockets: "hibernate" });
    const presence = await jsonOf<PresenceResponse>(await call("/api/household/presence", { token: a.token }));
    expect(presence.members).toEqual([{ userId: a.user.id, name: "Ana", devices: 1 }]);
    await push(a, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(1))] });
    await until(() => sa.pokes.length > 0, "the poke after hibernation");
    expect(sa.pokes[0]?.version).toBe(await householdSeq(a.household.id));
  });

  test("a restarted hub drops its sockets; a reconnected one hears the next change", async () => {
    const a = await registerAccount();
    const before = await openLive(a);
    await evictDurableObject(hubOf(a.household.id), { webSockets: "close" });
    await until(() => before.closed !== null, "the socket to drop");
    const after = await openLive(a);
    await push(a, { shoppingItems: [shoppingItem(crypto.randomUUID(), at(1))] });
    await until(() => after.pokes.length > 0, "the poke after the restart");
    expect(after.pokes[0]?.version).toBe(await householdSeq(a.household.id));
  });
});

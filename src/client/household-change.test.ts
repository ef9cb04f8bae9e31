import { describe, expect, test } from "vitest";
import { openDevice, signUp, useTestServer, visible } from "../../test/client-server";
import { getMeta } from "./meta";
import { preferenceId } from "./preference-id";

const { server, track } = useTestServer();

async function post(path: string, token: string, body: unknown = {}): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

describe("when the account leaves the household this device holds", () => {
  test("a removed member's device drops every row of it at its next sync, says why, and keeps their preferences", async () => {
    const owner = await signUp(server, { name: "Alex" });
    const ownerToken = owner.session.token!;
    const invite = (await (await post("/api/household/invites", ownerToken)).json()) as { code: string };
    const member = await signUp(server, { inviteCode: invite.code, name: "Robin" });
    const a = await openDevice(server, owner.session);
    const b = await openDevice(server, member.session);
    await track(a);
    await track(b);
    await a.repo.add("tasks", { title: "Fix the gate" });
    await a.engine.sync();
    expect(await b.repo.setPreference("theme", "dark")).toBe(preferenceId(member.session.user.id, "theme"));
    // A change still waiting to be sent is of the old household too, and must not follow the member.
    await b.engine.sync();
    await b.repo.add("shoppingItems", { name: "Unsent item" });
    expect((await visible(b, "tasks")).map((t) => t.title)).toEqual(["Fix the gate"]);

    const removed = await post("/api/household/remove-member", ownerToken, { userId: member.session.user.id });
    expect(removed.status).toBe(200);

    const outcome = await b.engine.sync();
    expect(outcome.status).toBe("error");
    expect(outcome.error).toMatch(/You were removed from/);
    expect(await b.db.tasks.count()).toBe(0);
    expect(await b.db.shoppingItems.count()).toBe(0);
    expect(await b.db.outbox.count()).toBe(0);
    const account = await getMeta(b.db, "account");
    expect(account?.householdId).not.toBe(member.session.household.id);
    expect(await getMeta(b.db, "departure")).toMatchObject({ reason: "removed" });

    // The next sync is in the new household: the member's own preference came along, nothing else.
    expect((await b.engine.sync()).status).toBe("synced");
    expect((await visible(b, "preferences")).map((p) => [p.key, p.value])).toEqual([["theme", "dark"]]);
    expect(await b.db.tasks.count()).toBe(0);
    expect((await a.engine.sync()).status).toBe("synced");
    expect((await visible(a, "shoppingItems")).map((i) => i.name)).toEqual([]);
  });
});

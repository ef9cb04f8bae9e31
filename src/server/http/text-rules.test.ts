import { describe, expect, test } from "vitest";
import { preferenceId } from "../../core/preference-id";
import { call, errorOf, joinHousehold, registerAccount, uniqueEmail } from "../../../test/server-helpers";
import { at, fetchRow, note, preference, push, task } from "../../../test/sync-test-kit";

// Text that means one thing: what is stored is what every member sees.
const HOSTILE_TEXT: [string, string][] = [
  ["a control character", "Jo\u0007"],
  ["a NUL", "Jo\u0000"],
  ["an escape sequence", "Jo\u001b[31m"],
  ["a new line", "Jo\nAdmin"],
  ["a right-to-left override", "Jo\u202egnp.exe"],
  ["a bidi isolate", "\u2066Jo\u2069"],
  ["a lone surrogate", "Jo\ud800"],
];

const signUp = (body: Record<string, unknown>) =>
  call("/api/auth/register", {
    body: { email: uniqueEmail(), password: "a good password", name: "Jo", ...body },
    headers: { "cf-connecting-ip": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  });

describe("names refuse text that displays other than it is stored", () => {
  for (const [what, text] of HOSTILE_TEXT) {
    test(`a user name with ${what} gets 400 naming the field`, async () => {
      const res = await signUp({ name: text });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(/^name: /);
    });
  }

  test("a household name with a bidi override gets 400 naming householdName", async () => {
    const res = await signUp({ householdName: "Elm\u202eesuoH" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/^householdName: must not contain bidirectional/);
  });

  for (const [what, text] of HOSTILE_TEXT) {
    test(`renaming the household to a name with ${what} gets 400 naming the field and changes nothing`, async () => {
      const owner = await registerAccount();
      const before = await (await call("/api/household", { token: owner.token })).json();
      const res = await call("/api/household/rename", { body: { name: text }, token: owner.token });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(/^name: /);
      expect(await (await call("/api/household", { token: owner.token })).json()).toEqual(before);
    });
  }

  test("names in any script, with right-to-left marks and emoji, are fine", async () => {
    for (const name of ["José", "محمد\u200f", "山田 太郎", "Zoë 👩‍👩‍👧"]) expect((await signUp({ name })).status).toBe(201);
  });

  test("an email with a control or bidi character gets 400 naming email", async () => {
    for (const email of ["jo\u0000@example.com", "jo\u202e@example.com"]) {
      const res = await signUp({ email });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(/^email: /);
    }
  });
});

describe("passwords with lone surrogates are refused, not collapsed", () => {
  test("sign-up, sign-in and delete-account refuse them with 400 naming password", async () => {
    const signUpRes = await signUp({ password: "password\ud800\ud800" });
    expect(signUpRes.status).toBe(400);
    expect((await errorOf(signUpRes)).message).toMatch(/^password: must be well-formed Unicode/);
    const account = await registerAccount({ password: "password \ufffd\ufffd" });
    // U+FFFD is what a lone surrogate used to become: the two are no longer the same password.
    const login = await call("/api/auth/login", {
      body: { email: account.user.email, password: "password \ud800\udbff" },
    });
    expect(login.status).toBe(400);
    const del = await call("/api/auth/delete-account", { body: { password: "\udfff" }, token: account.token });
    expect(del.status).toBe(400);
    expect((await call("/api/auth/me", { token: account.token })).status).toBe(200);
  });

  test("change-password refuses a current password with a lone surrogate, and keeps the old one", async () => {
    const account = await registerAccount({ password: "password \ufffd\ufffd" });
    const res = await call("/api/auth/change-password", {
      body: { currentPassword: "password \ud800\udbff", newPassword: "a brand new password" },
      token: account.token,
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/^currentPassword: must be well-formed Unicode/);
    const login = await call("/api/auth/login", {
      body: { email: account.user.email, password: "password \ufffd\ufffd" },
    });
    expect(login.status).toBe(200);
  });

  test("a password with a surrogate pair (emoji) works", async () => {
    const account = await registerAccount({ password: "correct 🐴 battery" });
    const res = await call("/api/auth/login", { body: { email: account.user.email, password: "correct 🐴 battery" } });
    expect(res.status).toBe(200);
  });
});

describe("synced text fields", () => {
  test("a title with a bidi override or a control character is rejected, naming the field", async () => {
    const a = await registerAccount();
    const res = await push(a, {
      tasks: [task("t-bidi", at(0), { title: "Pay \u202e001$" }), task("t-bell", at(0), { title: "Ring\u0007" })],
    });
    expect(res.results().map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(res.results()[0]?.reason).toMatch(/^title: must not contain bidirectional/);
    expect(res.results()[1]?.reason).toMatch(/^title: must not contain control characters/);
  });

  test("long text keeps its new lines and tabs, and refuses other control characters", async () => {
    const a = await registerAccount();
    const body = "Shopping:\n\t- milk\r\n\t- eggs";
    const ok = await push(a, { notes: [note("n-lines", at(0), { body })] });
    expect(ok.results()[0]?.status).toBe("applied");
    expect((await fetchRow(a, "notes", "n-lines"))?.body).toBe(body);
    const bad = await push(a, { notes: [note("n-nul", at(0), { body: "a\u0000b" })] });
    expect(bad.results()[0]).toMatchObject({ status: "rejected", reason: expect.stringMatching(/^body: /) });
    const title = await push(a, { notes: [note("n-title", at(0), { title: "two\nlines" })] });
    expect(title.results()[0]).toMatchObject({ status: "rejected", reason: expect.stringMatching(/^title: /) });
  });
});

describe("a member cannot take the preference id another member's client will derive", () => {
  test("a preference created under another member's derived id is rejected; that member's own then syncs", async () => {
    const ada = await registerAccount({ name: "Ada" });
    const ben = await joinHousehold(ada, "Ben");
    const bensId = preferenceId(ben.user.id, "theme");
    const squat = await push(ada, { preferences: [preference(bensId, at(0), { key: "theme", value: "pink" })] });
    expect(squat.results()[0]).toMatchObject({
      status: "rejected",
      reason: "This preference id is derived for another user.",
    });
    // Also with a key that does not match the id: the id must be the caller's derivation of its key.
    const mismatched = await push(ada, {
      preferences: [preference(preferenceId(ada.user.id, "lang"), at(0), { key: "theme" })],
    });
    expect(mismatched.results()[0]?.status).toBe("rejected");
    const own = await push(ben, { preferences: [preference(bensId, at(10), { key: "theme", value: "dark" })] });
    expect(own.results()[0]?.status).toBe("applied");
    expect(await fetchRow(ben, "preferences", bensId)).toMatchObject({ value: "dark", userId: ben.user.id });
    const adas = await push(ada, { preferences: [preference(preferenceId(ada.user.id, "theme"), at(0))] });
    expect(adas.results()[0]?.status).toBe("applied");
  });
});

import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  addShoppingItem,
  createInvite,
  editShoppingItem,
  goOffline,
  goOnline,
  heading,
  newAccount,
  openTab,
  see,
  shoppingItem,
  signUp,
  syncNow,
  waitForSyncStatus,
} from "./pages";

// Two members of one household, each in their own browser context: the conflict inbox names the
// member whose change won (the server records who wrote each field).

const { newDevice } = useBrowser();

test("the conflicts page names the member who made the winning change", async (ctx) => {
  const alex = newAccount("Alex Moreau", "Harbour House");
  const robin = newAccount("Robin Achebe");
  const alexPhone = await newDevice(ctx);
  await signUp(alexPhone.page, alex);
  const code = await createInvite(alexPhone.page);
  const robinPhone = await newDevice(ctx);
  await signUp(robinPhone.page, robin, { inviteCode: code });

  await openTab(alexPhone.page, "Shopping");
  await addShoppingItem(alexPhone.page, "Lemons");
  await syncNow(alexPhone.page);
  await openTab(robinPhone.page, "Shopping");
  await syncNow(robinPhone.page);
  await see(shoppingItem(robinPhone.page, "Lemons"));

  // Both offline; Alex says 3, then Robin says 5 (the later change) and syncs first.
  await goOffline(alexPhone.context);
  await goOffline(robinPhone.context);
  await editShoppingItem(alexPhone.page, "Lemons", { quantity: "3" });
  await see(shoppingItem(alexPhone.page, "Lemons", "×3"));
  await editShoppingItem(robinPhone.page, "Lemons", { quantity: "5" });
  // Both changes held on their devices first, so Robin's "Synced" is after sending the 5.
  await waitForSyncStatus(alexPhone.page, "Offline · 1 waiting");
  await waitForSyncStatus(robinPhone.page, "Offline · 1 waiting");
  await goOnline(robinPhone.context);
  await waitForSyncStatus(robinPhone.page, "Synced");
  await goOnline(alexPhone.context);
  await waitForSyncStatus(alexPhone.page, "Synced");

  await see(shoppingItem(alexPhone.page, "Lemons", "×5"));
  await alexPhone.page.getByRole("banner").getByRole("link", { name: "1 conflict" }).click();
  await see(heading(alexPhone.page, "Conflicts"));
  const item = alexPhone.page
    .getByRole("listitem")
    .filter({ has: alexPhone.page.getByRole("heading", { name: /Lemons/ }) });
  const conflict = item
    .getByRole("listitem")
    .filter({ has: alexPhone.page.getByRole("heading", { name: "Quantity" }) });
  await see(conflict);
  // The name shows once the page has the household's members (fetched as it opens).
  await see(conflict.getByText(/^Robin Achebe changed this · /));
  expect(await conflict.getByRole("paragraph").allTextContents()).toEqual([
    "Your change (not kept)",
    "3",
    expect.stringMatching(/^You, on this device · /),
    "Kept (theirs)",
    "5",
    expect.stringMatching(/^Robin Achebe changed this · /),
  ]);
});

import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  addShoppingItem,
  checkShoppingItem,
  deleteShoppingItem,
  editShoppingItem,
  expectChecked,
  goOffline,
  goOnline,
  heading,
  newAccount,
  noLongerSee,
  openTab,
  see,
  shoppingItem,
  signIn,
  signUp,
  syncNow,
  waitForSyncStatus,
} from "./pages";

// Two devices of one user: a phone and a laptop signed in to the same account.

const { newDevice } = useBrowser();

test.concurrent(
  "an item added on one device shows on the same user's other device, and its edits and deletes come back",
  async (ctx) => {
    const sam = newAccount("Sam");
    const phone = await newDevice(ctx);
    await signUp(phone.page, sam);
    await openTab(phone.page, "Shopping");
    await addShoppingItem(phone.page, "Oat milk");
    await addShoppingItem(phone.page, "Bread");
    await syncNow(phone.page);

    const laptop = await newDevice(ctx);
    await signIn(laptop.page, sam);
    await openTab(laptop.page, "Shopping");
    await see(shoppingItem(laptop.page, "Oat milk"));
    await see(shoppingItem(laptop.page, "Bread"));

    await editShoppingItem(laptop.page, "Oat milk", { quantity: "2" });
    await see(shoppingItem(laptop.page, "Oat milk", "×2"));
    await deleteShoppingItem(laptop.page, "Bread");
    await syncNow(laptop.page);

    await syncNow(phone.page);
    await see(shoppingItem(phone.page, "Oat milk", "×2"));
    await noLongerSee(shoppingItem(phone.page, "Bread"));
  },
);

test.concurrent(
  "a quantity changed on one device and a check-off on another, both offline, are both kept",
  async (ctx) => {
    const sam = newAccount("Sam");
    const phone = await newDevice(ctx);
    await signUp(phone.page, sam);
    await openTab(phone.page, "Shopping");
    await addShoppingItem(phone.page, "Apples");
    await syncNow(phone.page);
    const laptop = await newDevice(ctx);
    await signIn(laptop.page, sam);
    await openTab(laptop.page, "Shopping");
    await see(shoppingItem(laptop.page, "Apples"));

    await goOffline(phone.context);
    await goOffline(laptop.context);
    await editShoppingItem(phone.page, "Apples", { quantity: "6" });
    await checkShoppingItem(laptop.page, "Apples");
    await waitForSyncStatus(phone.page, "Offline · 1 waiting");
    await waitForSyncStatus(laptop.page, "Offline · 1 waiting");

    await goOnline(phone.context);
    await waitForSyncStatus(phone.page, "Synced");
    await goOnline(laptop.context);
    await waitForSyncStatus(laptop.page, "Synced");
    await syncNow(phone.page);

    for (const { page } of [phone, laptop]) {
      const apples = shoppingItem(page, "Apples", "×6");
      await see(apples);
      await expectChecked(apples, true);
    }
  },
);

test.concurrent(
  "when two devices change the same field, the one that lost lists it and can restore its value everywhere",
  async (ctx) => {
    const lee = newAccount("Lee");
    const phone = await newDevice(ctx);
    await signUp(phone.page, lee);
    await openTab(phone.page, "Shopping");
    await addShoppingItem(phone.page, "Bananas");
    await syncNow(phone.page);
    const laptop = await newDevice(ctx);
    await signIn(laptop.page, lee);
    await openTab(laptop.page, "Shopping");
    await see(shoppingItem(laptop.page, "Bananas"));

    // Both offline; the phone says 3, then the laptop says 5 (the later change).
    await goOffline(phone.context);
    await goOffline(laptop.context);
    await editShoppingItem(phone.page, "Bananas", { quantity: "3" });
    await see(shoppingItem(phone.page, "Bananas", "×3"));
    await editShoppingItem(laptop.page, "Bananas", { quantity: "5" });
    // Both changes are held on their devices before either goes back online: otherwise the indicator
    // can still say "Synced" from before the edit, and the phone's 3 would reach the server first.
    await waitForSyncStatus(phone.page, "Offline · 1 waiting");
    await waitForSyncStatus(laptop.page, "Offline · 1 waiting");
    await goOnline(laptop.context);
    await waitForSyncStatus(laptop.page, "Synced");
    await goOnline(phone.context);
    await waitForSyncStatus(phone.page, "Synced");

    // The phone's 3 lost to the laptop's later 5: the phone shows 5 and one conflict to review.
    await see(shoppingItem(phone.page, "Bananas", "×5"));
    await openTab(phone.page, "Settings");
    const syncSection = phone.page.getByRole("region", { name: "Sync" });
    await see(syncSection.getByRole("link", { name: "1 to review" }));
    // On a phone too, the badge says what it counts in words, not just an icon and a number.
    const word = phone.page.getByRole("banner").getByText("conflict", { exact: true });
    expect((await word.boundingBox())?.width ?? 0).toBeGreaterThan(20);
    await phone.page.getByRole("banner").getByRole("link", { name: "1 conflict" }).click();
    await see(heading(phone.page, "Conflicts"));
    const item = phone.page.getByRole("listitem").filter({ has: phone.page.getByRole("heading", { name: /Bananas/ }) });
    const conflict = item.getByRole("listitem").filter({ has: phone.page.getByRole("heading", { name: "Quantity" }) });
    await see(conflict);
    expect(await conflict.getByRole("paragraph").allTextContents()).toEqual([
      "Your change (not kept)",
      "3",
      expect.stringMatching(/^You, on this device · /),
      "Kept (theirs)",
      "5",
      // The same person on another device: the server says who wrote the winning value.
      expect.stringMatching(/^You, on another device · /),
    ]);
    await see(conflict.getByRole("button", { name: "Keep theirs for Quantity" }));
    await conflict.getByRole("button", { name: "Restore mine for Quantity" }).click();
    await see(phone.page.getByRole("heading", { name: "Nothing to review" }));
    await noLongerSee(phone.page.getByRole("banner").getByRole("link", { name: /conflict/ }));

    await syncNow(phone.page);
    await openTab(phone.page, "Settings");
    await see(syncSection.getByRole("definition").filter({ hasText: /^None$/ }));
    await openTab(phone.page, "Shopping");
    await see(shoppingItem(phone.page, "Bananas", "×3"));
    await syncNow(laptop.page);
    await see(shoppingItem(laptop.page, "Bananas", "×3"));
    await noLongerSee(laptop.page.getByRole("banner").getByRole("link", { name: /conflict/ }));
  },
);

import { test } from "vitest";
import { useDevices } from "./fixtures";
import {
  addShoppingItem,
  checkShoppingItem,
  deleteShoppingItem,
  editShoppingItem,
  expectChecked,
  goOffline,
  goOnline,
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

const newDevice = useDevices();

test("an item added on one device shows on the same user's other device, and its edits and deletes come back", async () => {
  const sam = newAccount("Sam");
  const phone = await newDevice();
  await signUp(phone.page, sam);
  await openTab(phone.page, "Shopping");
  await addShoppingItem(phone.page, "Oat milk");
  await addShoppingItem(phone.page, "Bread");
  await syncNow(phone.page);

  const laptop = await newDevice();
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
});

test("a quantity changed on one device and a check-off on another, both offline, are both kept", async () => {
  const sam = newAccount("Sam");
  const phone = await newDevice();
  await signUp(phone.page, sam);
  await openTab(phone.page, "Shopping");
  await addShoppingItem(phone.page, "Apples");
  await syncNow(phone.page);
  const laptop = await newDevice();
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
});

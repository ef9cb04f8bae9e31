import { test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  addNote,
  addShoppingItem,
  addTask,
  newAccount,
  note,
  openTab,
  see,
  shoppingItem,
  signIn,
  signUp,
  task,
  waitForSyncStatus,
} from "./pages";

const { newDevice } = useBrowser();

test("what was added before signing up is uploaded into the new household and shows on another device", async (ctx) => {
  const phone = await newDevice(ctx);
  await phone.page.goto("/");
  await waitForSyncStatus(phone.page, "Local only");
  await see(phone.page.getByRole("complementary", { name: "Sync with your household" }));
  await addTask(phone.page, "Water the plants");
  await openTab(phone.page, "Shopping");
  await addShoppingItem(phone.page, "Tomatoes", { quantity: "4" });
  await openTab(phone.page, "Notes");
  await addNote(phone.page, { title: "Bin days", body: "Tuesday: recycling" });

  const jo = newAccount("Jo", "Linden Court");
  await phone.page.getByRole("banner").getByRole("link", { name: "Sign up" }).click();
  await signUp(phone.page, jo);
  await see(phone.page.getByText("Moved 3 items from this device into Linden Court."));
  await see(task(phone.page, "Water the plants"));
  await waitForSyncStatus(phone.page, "Synced");

  const laptop = await newDevice(ctx);
  await signIn(laptop.page, jo);
  await see(task(laptop.page, "Water the plants"));
  await openTab(laptop.page, "Shopping");
  await see(shoppingItem(laptop.page, "Tomatoes", "×4"));
  await openTab(laptop.page, "Notes");
  await see(note(laptop.page, "Bin days"));
});

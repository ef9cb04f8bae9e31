import type { ReactNode } from "react";
import { AppShell } from "../_ui/app-shell";
import { ReminderEffects } from "../_lib/reminder-effects";
import { AccountNotices } from "./household/account-notices";

export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell>
      <AccountNotices />
      <ReminderEffects />
      {children}
    </AppShell>
  );
}

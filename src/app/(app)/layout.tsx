import type { ReactNode } from "react";
import { AppShell } from "../_ui/app-shell";
import { ReminderEffects } from "../_lib/reminder-effects";
import { ServiceWorker } from "../_lib/service-worker";
import { AccountNotices } from "./household/account-notices";

export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell>
      <AccountNotices />
      <ReminderEffects />
      <ServiceWorker />
      {children}
    </AppShell>
  );
}

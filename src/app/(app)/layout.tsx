import type { ReactNode } from "react";
import { AppShell } from "../_ui/app-shell";
import { AccountNotices } from "./household/account-notices";

export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell>
      <AccountNotices />
      {children}
    </AppShell>
  );
}

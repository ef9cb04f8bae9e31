import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "../_ui/app-shell";

export const metadata: Metadata = { title: "Today" };

export default function AppLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}

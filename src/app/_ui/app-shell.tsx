"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ComponentType, type ReactNode, memo, useEffect, useRef, useState } from "react";
import type { SyncStatus as SyncStatusName } from "../../client/sync-state";
import { useDomus, useSyncState, useSyncStatus } from "../_lib/domus-provider";
import { BasketIcon, GearIcon, HouseIcon, NoteIcon, TasksIcon } from "./icons";
import { LocalOnlyPrompt } from "./local-only-prompt";
import styles from "./shell.module.css";
import { SyncStatus } from "./sync-status";
import { UpgradeBanner } from "./upgrade-banner";
import { Toasts } from "./toasts";

interface NavItem {
  href: string;
  label: string;
  icon: ComponentType<{ size?: number }>;
  matches: (path: string) => boolean;
}

const NAV: NavItem[] = [
  { href: "/", label: "Today", icon: TasksIcon, matches: (p) => p === "/" || p.startsWith("/tasks") },
  { href: "/shopping", label: "Shopping", icon: BasketIcon, matches: (p) => p.startsWith("/shopping") },
  { href: "/notes", label: "Notes", icon: NoteIcon, matches: (p) => p.startsWith("/notes") },
  {
    href: "/settings",
    label: "Settings",
    icon: GearIcon,
    matches: (p) => ["/settings", "/household", "/conflicts"].some((s) => p.startsWith(s)),
  },
];

/**
 * Whether the nav may prefetch its pages: once the page's first sync has ended (or there is none to
 * wait for). On a new device that sync is the whole download, and prefetching three pages at sign-in
 * (their server renders and scripts) took the server and the main thread from it: the download's
 * second page waited behind them. Afterwards the links prefetch as usual.
 */
function usePrefetchAfterFirstSync(status: SyncStatusName): boolean {
  const [ready, setReady] = useState(false);
  const synced = useRef(false);
  useEffect(() => {
    if (status === "syncing") synced.current = true;
    else if (synced.current || status !== "idle") setReady(true);
  }, [status]);
  return ready;
}

/** Memoized: the shell renders again when the sync status changes, the links only when their props do. */
const NavLinks = memo(function NavLinks({
  path,
  className,
  prefetch,
}: {
  path: string;
  className: string | undefined;
  prefetch: boolean;
}) {
  return (
    <ul className={className}>
      {NAV.map(({ href, label, icon: Icon, matches }) => {
        const current = matches(path);
        return (
          <li key={href}>
            <Link
              href={href}
              prefetch={prefetch ? null : false}
              aria-current={current ? "page" : undefined}
              className={styles.navLink}
            >
              <Icon size={22} />
              <span>{label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
});

/** The header's indicator: the one part of the shell that follows every count and progress step. */
function HeaderSync({ known }: { known: boolean }) {
  const { syncNow } = useDomus();
  const sync = useSyncState();
  return <SyncStatus state={sync} onSync={syncNow} known={known} />;
}

const LIST_PAGES = new Set(["/", "/shopping", "/notes"]);

export function AppShell({ children }: { children: ReactNode }) {
  const path = usePathname() ?? "/";
  const { session } = useDomus();
  const status = useSyncStatus();
  const prefetch = usePrefetchAfterFirstSync(status);
  const household = session === undefined ? "\u00a0" : (session?.household.name ?? "This device");
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <Link href="/" className={styles.brand}>
            <span className={styles.logo} aria-hidden="true">
              <HouseIcon size={20} />
            </span>
            <span className={styles.brandText}>
              <span className={styles.appName}>Domus</span>
              <span className={styles.household}>
                <span className="visually-hidden">Household: </span>
                {household}
              </span>
            </span>
          </Link>
          <nav aria-label="Main" className={styles.topNav}>
            <NavLinks path={path} className={styles.topNavList} prefetch={prefetch} />
          </nav>
          <HeaderSync known={session !== undefined} />
        </div>
      </header>
      <main id="main" className={styles.main}>
        {status === "upgrade-required" ? <UpgradeBanner /> : null}
        {session === null && LIST_PAGES.has(path) ? <LocalOnlyPrompt /> : null}
        {children}
      </main>
      <nav aria-label="Main" className={styles.tabBar}>
        <NavLinks path={path} className={styles.tabList} prefetch={prefetch} />
      </nav>
      <Toasts />
    </div>
  );
}

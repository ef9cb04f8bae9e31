import Link from "next/link";
import type { ReactNode } from "react";
import { HouseIcon } from "../_ui/icons";
import styles from "./auth.module.css";
import { SignedInNotice } from "./signed-in-notice";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className={styles.page}>
      <Link href="/" className={styles.brand} aria-label="Domus, back to the app">
        <span className={styles.logo}>
          <HouseIcon size={24} />
        </span>
        Domus
      </Link>
      <div className={`card ${styles.card}`}>
        <SignedInNotice />
        {children}
      </div>
    </main>
  );
}

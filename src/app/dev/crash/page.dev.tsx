"use client";

import { useEffect, useState } from "react";

// LOCAL BUILDS ONLY (see next.config.ts): a page that fails once it runs in the browser, for the
// test of the app's error page (e2e/rough-edges.e2e.ts).
export default function CrashPage() {
  const [running, setRunning] = useState(false);
  useEffect(() => setRunning(true), []);
  if (running) throw new Error("This page fails on purpose, to show the app's error page.");
  return <p>About to fail…</p>;
}

"use client";

import type { ConflictRecord, DomusDb } from "@/client";
import type { SyncedRow } from "@/core/define-table";
import Link from "next/link";
import { attempt } from "../../_lib/actions";
import { useDomus } from "../../_lib/domus-provider";
import { plural, useNow } from "../../_lib/format";
import { useMembers } from "../../_lib/use-members";
import { useRows } from "../../_lib/use-rows";
import { EmptyState, Loading, PageHeader } from "../../_ui/empty-state";
import { TasksIcon } from "../../_ui/icons";
import { showToast } from "../../_ui/toasts";
import { ConflictField } from "./conflict-field";
import styles from "./conflicts.module.css";
import { TABLE_NOUN, rowTitle } from "./describe";

interface Group {
  key: string;
  title: string;
  noun: string;
  conflicts: ConflictRecord[];
}

async function loadGroups(db: DomusDb): Promise<Group[]> {
  const open = await db.conflicts.filter((c) => !c.resolved).toArray();
  open.sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));
  const groups = new Map<string, Group>();
  for (const c of open) {
    const key = `${c.table}/${c.rowId}`;
    let g = groups.get(key);
    if (!g) {
      const row = await db.table<SyncedRow, string>(c.table).get(c.rowId);
      g = { key, title: rowTitle(c.table, row), noun: TABLE_NOUN[c.table], conflicts: [] };
      groups.set(key, g);
    }
    g.conflicts.push(c);
  }
  return [...groups.values()];
}

export default function ConflictsPage() {
  const { repo, session } = useDomus();
  const members = useMembers();
  const now = useNow();
  const groups = useRows(loadGroups);
  const count = groups?.reduce((n, g) => n + g.conflicts.length, 0) ?? 0;

  function resolve(conflict: ConflictRecord, choice: "mine" | "theirs") {
    if (!repo) return;
    void attempt(() => repo.resolveConflict(conflict.id, choice)).then((ok) => {
      if (ok) showToast(choice === "mine" ? "Restored your change; it syncs next." : "Kept their change.");
    });
  }

  return (
    <>
      <PageHeader
        title="Conflicts"
        summary={groups ? (count ? `${plural(count, "change")} to review` : undefined) : undefined}
      />
      <p className={styles.intro}>
        When you and someone else changed the same thing, the later change wins. Here is what yours said, so you can put
        it back.
      </p>
      {groups === undefined ? (
        <Loading label="Looking for conflicts…" />
      ) : groups.length === 0 ? (
        <EmptyState icon={<TasksIcon size={32} />} title="Nothing to review">
          Every change made on this device is in. <Link href="/settings">Back to settings</Link>
        </EmptyState>
      ) : (
        <ul className={styles.groups}>
          {groups.map((g) => (
            <li key={g.key} className={`card ${styles.group}`}>
              <h2 className={styles.groupTitle}>
                <span className={styles.noun}>{g.noun}</span>
                {g.title}
              </h2>
              <ul className={styles.fields}>
                {g.conflicts.map((c) => (
                  <ConflictField
                    key={c.id}
                    conflict={c}
                    members={members}
                    meId={session?.user.id ?? null}
                    now={now}
                    onResolve={resolve}
                  />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

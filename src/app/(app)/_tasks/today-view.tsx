"use client";

import type { Task, TaskCompletion } from "@/client";
import { addDays } from "@/core/calendar-date";
import { type Chore, type ChoreSection, doneThisWeek, todaySections } from "@/core/chores";
import type { PublicUser } from "@/core/protocol";
import { useCallback, useMemo, useState } from "react";
import { memberName } from "../../_lib/use-members";
import { EmptyState } from "../../_ui/empty-state";
import { TasksIcon } from "../../_ui/icons";
import styles from "../../_ui/page.module.css";
import { DoneList, ToDoList } from "./chore-lists";
import today from "./today-view.module.css";

const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // ISO timestamps sort as strings

const SECTION_TITLES: Record<ChoreSection, string> = {
  overdue: "Overdue",
  today: "Due today",
  mine: "Assigned to you",
  later: "Later",
};

interface Props {
  chores: readonly Chore[];
  completions: readonly TaskCompletion[];
  members: readonly PublicUser[];
  meId: string | null;
  todayDay: string;
  /** Done items since this time are listed under Done (older ones were cleared). */
  clearedAt: string | null;
  /** Stable across renders (memoized rows skip theirs): ticks or unticks the task's chore. */
  onToggle: (task: Task) => void;
  onUndoCompletion: (completion: TaskCompletion) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  onClearDone: (doneTasks: readonly Task[]) => void;
}

/** The home screen: what is overdue, due today and yours, then the rest; done below, folded away. */
export function TodayView(props: Props) {
  const { chores, completions, members, meId, todayDay, clearedAt } = props;
  const [mine, setMine] = useState(false);
  // Derived once per change of the rows, not on every render of the page.
  const { sections, byId, doneTasks, doneRepeats, week } = useMemo(() => {
    // Only the repeating chores: their completions are listed under Done with the chore's title.
    const byId = new Map(chores.filter((c) => c.repeating).map((c) => [c.task.id, c]));
    return {
      sections: todaySections(chores, todayDay, meId, mine),
      byId,
      doneTasks: chores.filter((c) => c.done).map((c) => c.task),
      doneRepeats: completions
        .filter(
          (c) =>
            c.deletedAt === null &&
            byId.has(c.taskId) &&
            c.doneOn >= addDays(todayDay, -6) &&
            (c.completedAt ?? "") > (clearedAt ?? ""),
        )
        .sort((a, b) => byTime(b.completedAt ?? "", a.completedAt ?? "")),
      week: doneThisWeek(completions, todayDay),
    };
  }, [chores, completions, todayDay, meId, mine, clearedAt]);
  const name = useCallback((id: string | null) => memberName(members, id, meId ?? undefined), [members, meId]);
  const doneCount = doneTasks.length + doneRepeats.length;
  const todo = Object.values(sections).reduce((n, s) => n + s.length, 0);

  return (
    <>
      <div className={today.toolbar}>
        <div role="group" aria-label="Show" className={today.filter}>
          <button type="button" className="btn" aria-pressed={!mine} onClick={() => setMine(false)}>
            Everyone’s
          </button>
          <button type="button" className="btn" aria-pressed={mine} onClick={() => setMine(true)}>
            Mine
          </button>
        </div>
        {week.size > 0 ? (
          <p className={today.week}>
            Done this week:{" "}
            {[...week.entries()]
              .sort((a, b) => b[1] - a[1])
              .map(([who, n]) => `${name(who) ?? "Someone"} ${n}`)
              .join(" · ")}
          </p>
        ) : null}
      </div>
      {todo === 0 ? (
        <EmptyState icon={<TasksIcon size={32} />} title={mine ? "Nothing for you to do" : "Everything is done"}>
          {mine ? "Nothing is assigned to you." : "Time for a cup of tea."}
        </EmptyState>
      ) : (
        (Object.keys(SECTION_TITLES) as ChoreSection[])
          .filter((s) => sections[s].length > 0)
          .map((s) => (
            <section key={s} className={styles.section} aria-labelledby={`section-${s}`}>
              <div className={styles.sectionHead}>
                <h2 id={`section-${s}`} className={styles.sectionTitle}>
                  {SECTION_TITLES[s]} · {sections[s].length}
                </h2>
              </div>
              <ToDoList
                chores={sections[s]}
                name={name}
                onToggle={props.onToggle}
                onEdit={props.onEdit}
                onDelete={props.onDelete}
              />
            </section>
          ))
      )}
      {doneCount > 0 ? (
        <details className={`${styles.section} ${today.done}`}>
          <summary className={today.summary}>
            <h2 className={styles.sectionTitle}>Done · {doneCount}</h2>
          </summary>
          <div className={today.doneActions}>
            <button type="button" className="btn" onClick={() => props.onClearDone(doneTasks)}>
              Clear done
            </button>
          </div>
          <DoneList
            tasks={doneTasks}
            repeats={doneRepeats}
            byId={byId}
            name={name}
            onToggle={props.onToggle}
            onEdit={props.onEdit}
            onDelete={props.onDelete}
            onUndo={props.onUndoCompletion}
          />
        </details>
      ) : null}
    </>
  );
}

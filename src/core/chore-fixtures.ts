import { completionId } from "./recurrence";
import type { Task, TaskCompletion } from "./tables";

// Rows for the pure chore tests (Today, reminders): one task or completion with every field set.

export const TS = "2026-03-01T09:00:00.000Z";
const row = {
  householdId: "h",
  userId: "u1",
  createdAt: TS,
  updatedAt: TS,
  deletedAt: null,
  syncedAt: null,
  fieldUpdatedAt: {},
};

export const task = (id: string, extra: Partial<Task> = {}): Task => ({
  ...row,
  id,
  title: id,
  notes: null,
  assigneeId: null,
  dueDate: null,
  completedAt: null,
  repeat: null,
  rotation: null,
  ...extra,
});

/** `userId`'s completion of `taskId`'s `occurrence`, done on `doneOn`. */
export const done = (taskId: string, occurrence: string, userId: string, doneOn = occurrence): TaskCompletion => ({
  ...row,
  id: completionId(taskId, occurrence, userId),
  userId,
  taskId,
  occurrence,
  doneOn,
  completedAt: `${doneOn}T10:00:00.000Z`,
});

"use client";

import type { PublicUser } from "@/core/protocol";
import type { RepeatRule } from "@/core/recurrence";
import type { Rotation } from "@/core/rotation";
import { useId } from "react";
import { WEEKDAYS, WEEK_ORDER } from "./describe-repeat";
import styles from "./recurrence-picker.module.css";

export interface RepeatValue {
  repeat: RepeatRule | null;
  rotation: Rotation | null;
}

interface Props {
  value: RepeatValue;
  onChange: (value: RepeatValue) => void;
  members: readonly PublicUser[];
  meId: string | null;
  /** The start day, for the defaults (its weekday, its day of the month). */
  start: string;
}

/** How a chore repeats and who takes turns. Every control is a native input with a label. */
export function RecurrencePicker({ value, onChange, members, meId, start }: Props) {
  const id = useId();
  const rule = value.repeat;
  const startDay = new Date(`${start}T00:00:00Z`);
  const set = (patch: Partial<RepeatRule>) => rule && onChange({ ...value, repeat: { ...rule, ...patch } });

  function setUnit(unit: string) {
    if (unit === "never") return onChange({ repeat: null, rotation: null });
    const u = unit as RepeatRule["unit"];
    const base: RepeatRule = { every: rule?.every ?? 1, unit: u, from: rule?.from ?? "due" };
    if (u === "week") base.weekdays = [startDay.getUTCDay()];
    if (u === "month") base.monthDay = startDay.getUTCDate();
    onChange({ ...value, repeat: base });
  }

  function toggleDay(day: number, on: boolean) {
    const days = new Set(rule?.weekdays ?? []);
    if (on) days.add(day);
    else days.delete(day);
    set({ weekdays: [...days].sort() });
  }

  const rotating = value.rotation;
  function setMode(mode: string) {
    if (mode === "off") return onChange({ ...value, rotation: null });
    const chosen = rotating?.members.length ? rotating.members : members.map((m) => m.id);
    onChange({ ...value, rotation: { mode: mode as Rotation["mode"], members: chosen } });
  }
  function toggleMember(memberId: string, on: boolean) {
    if (!rotating) return;
    const chosen = members.map((m) => m.id).filter((m) => (m === memberId ? on : rotating.members.includes(m)));
    if (chosen.length > 0) onChange({ ...value, rotation: { ...rotating, members: chosen } });
  }

  return (
    <>
      <div className={styles.row}>
        <div className="field">
          <label htmlFor={`${id}-unit`}>Repeats</label>
          <select
            id={`${id}-unit`}
            className="select"
            value={rule?.unit ?? "never"}
            onChange={(e) => setUnit(e.target.value)}
          >
            <option value="never">Never</option>
            <option value="day">Daily</option>
            <option value="week">Weekly</option>
            <option value="month">Monthly</option>
          </select>
        </div>
        {rule ? (
          <div className="field">
            <label htmlFor={`${id}-every`}>Every how many {rule.unit}s</label>
            <input
              id={`${id}-every`}
              className="input"
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={rule.every}
              onChange={(e) => set({ every: Math.min(365, Math.max(1, Math.round(Number(e.target.value) || 1))) })}
            />
          </div>
        ) : null}
      </div>
      {rule?.unit === "week" ? (
        <fieldset className={styles.fieldset}>
          <legend>On</legend>
          <div className={styles.days}>
            {WEEK_ORDER.map((d) => (
              <label key={d} className={styles.day}>
                <input
                  type="checkbox"
                  checked={rule.weekdays?.includes(d) ?? false}
                  onChange={(e) => toggleDay(d, e.target.checked)}
                />
                <span aria-hidden="true">{WEEKDAYS[d].slice(0, 2)}</span>
                <span className="visually-hidden">{WEEKDAYS[d]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {rule?.unit === "month" ? (
        <div className="field">
          <label htmlFor={`${id}-monthday`}>Day of the month</label>
          <input
            id={`${id}-monthday`}
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            max={31}
            value={rule.monthDay ?? startDay.getUTCDate()}
            aria-describedby={`${id}-monthday-hint`}
            onChange={(e) => set({ monthDay: Math.min(31, Math.max(1, Math.round(Number(e.target.value) || 1))) })}
          />
          <p className="hint" id={`${id}-monthday-hint`}>
            In shorter months, the last day.
          </p>
        </div>
      ) : null}
      {rule ? (
        <fieldset className={styles.fieldset}>
          <legend>Next one counts from</legend>
          <label className={styles.choice}>
            <input
              type="radio"
              name={`${id}-from`}
              checked={rule.from === "due"}
              onChange={() => set({ from: "due" })}
            />
            The due date (stays on schedule)
          </label>
          <label className={styles.choice}>
            <input
              type="radio"
              name={`${id}-from`}
              checked={rule.from === "completion"}
              onChange={() => set({ from: "completion" })}
            />
            The day it was last done
          </label>
        </fieldset>
      ) : null}
      {rule && members.length > 1 ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-rotation`}>Take turns</label>
            <select
              id={`${id}-rotation`}
              className="select"
              value={rotating?.mode ?? "off"}
              onChange={(e) => setMode(e.target.value)}
            >
              <option value="off">No, use “Assigned to”</option>
              <option value="round-robin">In turn (round-robin)</option>
              <option value="least-done">Whoever did it least in 30 days</option>
            </select>
          </div>
          {rotating ? (
            <fieldset className={styles.fieldset}>
              <legend>Among</legend>
              {members.map((m) => (
                <label key={m.id} className={styles.choice}>
                  <input
                    type="checkbox"
                    checked={rotating.members.includes(m.id)}
                    onChange={(e) => toggleMember(m.id, e.target.checked)}
                  />
                  {m.id === meId ? `${m.name} (you)` : m.name}
                </label>
              ))}
            </fieldset>
          ) : null}
        </>
      ) : null}
    </>
  );
}

"use client";

import { DAILY_REMINDER_HOUR, REMINDER_KEYS, type ReminderSwitch, switchValue } from "@/core/reminders";
import { useEffect, useState } from "react";
import { errorMessage } from "../../_lib/api";
import { useDomus } from "../../_lib/domus-provider";
import {
  type PushPermission,
  currentSubscription,
  pushPermission,
  startPushOnThisDevice,
  stopPushOnThisDevice,
} from "../../_lib/push-device";
import { useRows } from "../../_lib/use-rows";
import styles from "./settings.module.css";
import own from "./reminders.module.css";

const DEVICE_STATE: Record<PushPermission | "no-server-key", string | null> = {
  unsupported: "This browser cannot show notifications from Domus. The app badge and the Today view still work.",
  denied: "Notifications are blocked for Domus in this browser. Allow them in the site settings, then turn this on.",
  default: null,
  granted: null,
  "no-server-key": "This server sends no notifications (it has no VAPID keys; see the README).",
};

function Switch(props: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <>
      <div className={styles.switchRow}>
        <label htmlFor={props.id}>{props.label}</label>
        <input
          id={props.id}
          type="checkbox"
          role="switch"
          className={styles.switch}
          checked={props.checked}
          disabled={props.disabled}
          aria-describedby={`${props.id}-hint`}
          onChange={(e) => props.onChange(e.target.checked)}
        />
      </div>
      <p id={`${props.id}-hint`} className={`hint ${own.hint}`}>
        {props.hint}
      </p>
    </>
  );
}

/**
 * Settings → Reminders: the app badge, this device's notifications (the browser's permission and
 * subscription), and the member's two notices (synced preferences, so every device of theirs and
 * the server's sender agree).
 */
export function ReminderSettings() {
  const { repo } = useDomus();
  const stored = useRows((db) => db.preferences.where("key").anyOf(Object.values(REMINDER_KEYS)).toArray());
  const [permission, setPermission] = useState<PushPermission | "no-server-key">("default");
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const p = pushPermission();
    setPermission(p);
    if (p === "unsupported") return setSubscribed(false);
    currentSubscription().then(
      (sub) => setSubscribed(sub !== null && Notification.permission === "granted"),
      () => setSubscribed(false),
    );
  }, []);

  const value = (name: ReminderSwitch) => {
    const row = stored?.find((r) => r.key === REMINDER_KEYS[name] && r.deletedAt === null);
    return switchValue(name, row?.value);
  };
  const setSwitch = (name: ReminderSwitch, on: boolean) => {
    if (!repo) return;
    setError(null);
    repo.setPreference(REMINDER_KEYS[name], on).catch((err: unknown) => setError(errorMessage(err)));
  };

  async function toggleDevice(on: boolean) {
    setBusy(true);
    setError(null);
    try {
      if (!on) {
        await stopPushOnThisDevice();
        setSubscribed(false);
        return;
      }
      const result = await startPushOnThisDevice();
      setSubscribed(result === "on");
      if (result === "denied" || result === "unsupported" || result === "no-server-key") setPermission(result);
      else if (result === "no-service-worker")
        setError("Notifications need the app's offline support; reload and try again.");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const blocked = DEVICE_STATE[permission];
  const deviceOn = subscribed === true && blocked === null;
  return (
    <section className={`card ${styles.section}`} aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Reminders</h2>
      <Switch
        id="reminder-badge"
        label="App badge"
        hint="The number of chores due today or overdue for you, on the app's icon where the system shows badges."
        checked={value("badge")}
        disabled={!repo || stored === undefined}
        onChange={(on) => setSwitch("badge", on)}
      />
      <Switch
        id="reminder-device"
        label="Notifications on this device"
        hint={
          blocked ??
          (deviceOn ? "This device gets the notices you turn on below." : "Off: this device gets no notices.")
        }
        checked={deviceOn}
        disabled={busy || subscribed === null || blocked !== null}
        onChange={(on) => void toggleDevice(on)}
      />
      <Switch
        id="reminder-assigned"
        label="When someone gives me a chore"
        hint="A notice on your devices with notifications on, when another member assigns a chore to you."
        checked={value("assigned")}
        disabled={!repo || stored === undefined}
        onChange={(on) => setSwitch("assigned", on)}
      />
      <Switch
        id="reminder-daily"
        label="Daily reminder"
        hint={`Once a day, from ${DAILY_REMINDER_HOUR}:00 your time: the chores due today or overdue for you (none when nothing is due).`}
        checked={value("daily")}
        disabled={!repo || stored === undefined}
        onChange={(on) => setSwitch("daily", on)}
      />
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

import { readFileSync, readdirSync, writeFileSync } from "node:fs";

// What one request costs the local Worker runtime (workerd under `wrangler dev`), read from Linux's
// /proc: CPU time (user + system, 10 ms ticks) and peak resident memory. The peak is reset before
// the request (clear_refs 5), so it is the process's highest RSS during it, less its RSS before.

const TICK_MS = 10;

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return byParent;
}

/** The workerd processes under `wrangler dev` (pid): the Worker, its local D1, and wrangler's proxy. */
export function workerdOf(rootPid: number): number[] {
  const byParent = children();
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const child of byParent.get(pid) ?? []) {
      if (readFileSync(`/proc/${child}/comm`, "utf8").trim() === "workerd") found.push(child);
      queue.push(child);
    }
  }
  if (found.length === 0) throw new Error(`no workerd process under ${rootPid}`);
  return found;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function statusKb(pid: number, key: "VmRSS" | "VmHWM"): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${key}:`));
  return Number(line?.split(/\s+/)[1] ?? Number.NaN);
}

export interface Cost {
  cpuMs: number;
  /** Peak RSS during the request above the RSS before it. */
  peakMiB: number;
  bytes: number;
}

/**
 * Runs one request and reads what it cost the workerd processes (summed: an upper bound for the
 * Worker alone, since local D1 runs in workerd too); `run` returns the body's bytes.
 */
export async function measured(rootPid: number, run: () => Promise<number>): Promise<Cost> {
  // Found afresh each time: wrangler dev may have replaced a workerd process since the last request.
  const pids = workerdOf(rootPid);
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5");
  const rssBefore = pids.map((pid) => statusKb(pid, "VmRSS"));
  const cpuBefore = pids.map(cpuMs);
  const bytes = await run();
  let cpu = 0;
  let peakKb = 0;
  pids.forEach((pid, i) => {
    try {
      cpu += cpuMs(pid) - cpuBefore[i]!;
      peakKb += Math.max(0, statusKb(pid, "VmHWM") - rssBefore[i]!);
    } catch {
      // That process ended during the request: it was not the one serving it.
    }
  });
  return { cpuMs: cpu, peakMiB: peakKb / 1024, bytes };
}

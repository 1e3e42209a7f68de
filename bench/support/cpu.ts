// CPU accounting: the benches share a small machine, so each phase reports how much CPU went to processes that
// are not this bench or its children (other people's builds and tests), which would skew its numbers.
import fs from "node:fs/promises";
import { now } from "./clock";

const CLOCK_TICKS = 100; // USER_HZ on Linux

type CpuSnapshot = { at: number; busyTicks: number; ours: Map<number, number>; ownUsage: NodeJS.CpuUsage };

async function readProcStatBusy(): Promise<number> {
  const line = (await fs.readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** utime+stime ticks of every live descendant of this process. */
async function descendantTicks(): Promise<Map<number, number>> {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of await fs.readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const text = await fs.readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    if (fields.length < 13) continue;
    stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  const ours = new Map<number, number>();
  const isOurs = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid, depth = 0; p !== undefined && p > 1 && depth < 64; p = stats.get(p)?.ppid, depth++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  for (const [pid, s] of stats) if (isOurs(pid)) ours.set(pid, s.ticks);
  return ours;
}

export async function cpuSnapshot(): Promise<CpuSnapshot> {
  return { at: now(), busyTicks: await readProcStatBusy(), ours: await descendantTicks(), ownUsage: process.cpuUsage() };
}

/** Average cores busy since the snapshot: all processes, this bench and its children, everything else. */
export async function cpuSince(start: CpuSnapshot): Promise<{ seconds: number; all: number; ours: number; others: number }> {
  const end = await cpuSnapshot();
  const seconds = (end.at - start.at) / 1000;
  const all = (end.busyTicks - start.busyTicks) / CLOCK_TICKS;
  let children = 0;
  for (const [pid, ticks] of end.ours) children += ticks - (start.ours.get(pid) ?? 0);
  const own = process.cpuUsage(start.ownUsage);
  const ours = children / CLOCK_TICKS + (own.user + own.system) / 1e6;
  return { seconds, all: all / seconds, ours: ours / seconds, others: Math.max(0, all - ours) / seconds };
}

// How many CPU cores this process may really use, and which thread counts are worth trying on them.
import fs from "node:fs";
import os from "node:os";

/** The cgroup v2 CPU quota in whole cores (`cpu.max` "200000 100000" → 2), or null when unlimited. */
export function cgroupCores(cpuMax: string | null = readCpuMax()): number | null {
  const [quota, period] = (cpuMax ?? "").trim().split(/\s+/);
  if (!quota || quota === "max" || !period) return null;
  const cores = Number(quota) / Number(period);
  return Number.isFinite(cores) && cores > 0 ? Math.max(1, Math.floor(cores)) : null;
}

function readCpuMax(): string | null {
  try {
    return fs.readFileSync("/sys/fs/cgroup/cpu.max", "utf8");
  } catch {
    return null;
  }
}

/** Cores allowed by the scheduler affinity (os.availableParallelism) and by a container's CPU quota. */
export function usableCores(): number {
  return Math.max(1, Math.min(os.availableParallelism(), cgroupCores() ?? Number.POSITIVE_INFINITY));
}

/**
 * 1, half and all but one of the cores: the worker's own event loop, the web server and the databases
 * need a core too, and llama.cpp threads busy-wait, so "every core" is never on the list.
 */
export function threadCandidates(cores: number): number[] {
  const counts = [1, Math.floor(cores / 2), cores - 1].filter((n) => n >= 1);
  return [...new Set(counts)].sort((a, b) => a - b);
}

export function cpuName(): string {
  return (os.cpus()[0]?.model ?? "CPU").trim();
}

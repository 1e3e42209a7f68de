// Resident memory of a server process while a bench drives it (Linux /proc): sampled for the process and its
// descendants, and read from the kernel's own high-water mark, which catches a spike between two samples.
import fs from "node:fs";

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
}

/** Children started by any of the process's threads (a child started off the main thread is listed only there). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
}

/** Resident memory of a process and all its descendants, in bytes. */
export function treeRss(pid: number): number {
  return statusKb(pid, "VmRSS") * 1024 + descendantsRss(pid);
}

function descendantsRss(pid: number): number {
  let sum = 0;
  for (const child of childrenOf(pid)) {
    try {
      sum += treeRss(child);
    } catch {} // it ended between the listing and the reading
  }
  return sum;
}

/** Resets the process's high-water mark to its current RSS ("5" in clear_refs); false where the kernel refuses. */
function resetHighWaterMark(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export type PeakWatch = {
  /** Takes one more sample now (e.g. after each chunk a bench reads). */
  sample: () => void;
  /** Stops watching: the memory when watching began, the highest sampled and the highest seen at all, in bytes. */
  stop: () => { before: number; sampledPeak: number; peak: number };
};

/** Watches a process's memory from now on: call stop() when the work measured is over. */
export function watchPeakRss(pid: number, sampleMs = 50): PeakWatch {
  const highWaterMark = resetHighWaterMark(pid);
  const before = treeRss(pid);
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, treeRss(pid));
  };
  const timer = setInterval(sample, sampleMs);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      // The process's own peak, exact; its children (none for `next start`) are only sampled.
      const exact = highWaterMark ? statusKb(pid, "VmHWM") * 1024 + descendantsRss(pid) : 0;
      return { before, sampledPeak: peak, peak: Math.max(peak, exact) };
    },
  };
}

// The queue and the workers as the admin page and /metrics show them.
import "server-only";
import { getGenerationQueue } from "../generations/queue";
import { getRedis } from "../redis";
import { listWorkerStatuses, type WorkerStatus } from "./status";

export type WorkersOverview = { queue: { waiting: number; active: number } | null; workers: WorkerStatus[] };

/** A null queue means Redis did not answer. */
export async function getWorkersOverview(): Promise<WorkersOverview> {
  try {
    const [counts, workers] = await Promise.all([
      getGenerationQueue().getJobCounts("waiting", "prioritized", "delayed", "active"),
      listWorkerStatuses(getRedis()),
    ]);
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    return { queue: { waiting, active: counts.active ?? 0 }, workers };
  } catch {
    return { queue: null, workers: [] };
  }
}

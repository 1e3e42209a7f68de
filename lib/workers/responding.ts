// Whether any model worker is answering right now, as members are told while they wait. A worker that hangs
// (stopped, stuck in a system call) keeps its status key until the key expires; its last report's time
// shows it far sooner.
import type { Redis } from "ioredis";
import { listWorkerStatuses } from "./status";

/** Workers report every 5 s: three missed reports in a row means this one is not responding. */
export const RESPONDING_WITHIN_MS = 15_000;

export async function anyWorkerResponding(redis: Redis, now = Date.now()): Promise<boolean> {
  const statuses = await listWorkerStatuses(redis);
  return statuses.some((status) => now - status.updatedAt < RESPONDING_WITHIN_MS);
}

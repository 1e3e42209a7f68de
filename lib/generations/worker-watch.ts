// Tells a member's open answer stream when the model server stops (or starts again) responding, so the
// note under a waiting or half-written answer says so instead of a stale "about 2 s" or nothing at all.
import "server-only";
import type { Redis } from "ioredis";
import { anyWorkerResponding } from "../workers/responding";

const CHECK_MS = 3_000;

/** Calls onChange with each change of "any worker responding" (the first call only when none is). */
export function watchWorkers(redis: Redis, onChange: (responding: boolean) => void): () => void {
  let responding = true;
  let stopped = false;
  const check = () =>
    void anyWorkerResponding(redis)
      .then((now) => {
        if (stopped || now === responding) return;
        responding = now;
        onChange(now);
      })
      // Redis unreachable: the stream itself ends and the browser reconnects; nothing to say here.
      .catch(() => {});
  check();
  const timer = setInterval(check, CHECK_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

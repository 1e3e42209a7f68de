// Stop requests reach the worker over a Redis control channel (BullMQ cannot cancel a job from outside).
// A stop flag in Redis backs the channel up: it is checked when a generation starts and while it runs,
// so a stop published while this worker was reconnecting is not lost.
import type { Redis } from "ioredis";
import { decodeStopMessage } from "@/lib/generations/protocol";
import { generationKeys } from "@/lib/generations/redis-keys";

/** The abort reason when the worker itself is shutting down: the answer is handed back, not stopped. */
export const SHUTDOWN = "worker-shutdown";

const FLAG_POLL_MS = 500;

type Tracked = { controller: AbortController; poll: NodeJS.Timeout };

export class StopRegistry {
  private readonly running = new Map<string, Tracked>();

  constructor(private readonly commands: Redis) {}

  async listen(subscriber: Redis): Promise<void> {
    subscriber.on("message", (_channel: string, raw: string) => {
      const stop = decodeStopMessage(raw);
      if (stop) this.running.get(stop.generationId)?.controller.abort();
    });
    await subscriber.subscribe(generationKeys.control());
  }

  /** Registers a generation; aborts at once if a stop was asked for before it started. */
  async track(generationId: string): Promise<AbortController> {
    const controller = new AbortController();
    const stopIfFlagged = async () => {
      if (!controller.signal.aborted && (await this.commands.exists(generationKeys.stopFlag(generationId)).catch(() => 0)))
        controller.abort();
    };
    this.running.set(generationId, { controller, poll: setInterval(() => void stopIfFlagged(), FLAG_POLL_MS) });
    await stopIfFlagged();
    return controller;
  }

  untrack(generationId: string): void {
    const tracked = this.running.get(generationId);
    if (tracked) clearInterval(tracked.poll);
    this.running.delete(generationId);
  }

  /** Ends every generation in flight because the worker is going away; their jobs are retried elsewhere. */
  abortAllForShutdown(): void {
    for (const { controller } of this.running.values()) controller.abort(SHUTDOWN);
  }
}

// Stop requests reach the worker over a Redis control channel (BullMQ cannot cancel a job from outside).
import type { Redis } from "ioredis";
import { keys } from "@/lib/redis";

export class StopRegistry {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly commands: Redis) {}

  async listen(subscriber: Redis): Promise<void> {
    subscriber.on("message", (_channel: string, raw: string) => {
      try {
        const message = JSON.parse(raw) as { type?: string; messageId?: string };
        if (message.type === "stop" && message.messageId) this.running.get(message.messageId)?.abort();
      } catch {
        // Ignore malformed control messages.
      }
    });
    await subscriber.subscribe(keys.controlChannel());
  }

  /** Registers a generation; aborts at once if a stop was asked for before it started. */
  async track(messageId: string): Promise<AbortController> {
    const controller = new AbortController();
    this.running.set(messageId, controller);
    if (await this.commands.exists(keys.stopFlag(messageId))) controller.abort();
    return controller;
  }

  untrack(messageId: string): void {
    this.running.delete(messageId);
  }

  abortAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

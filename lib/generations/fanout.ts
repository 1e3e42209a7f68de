// One Redis subscriber per process, fanning generation channels out to every local listener.
import "server-only";
import type { Redis } from "ioredis";
import { createRedis } from "../redis";
import { decodeLiveMessage, type LoggedEvent } from "./protocol";

type Listener = (logged: LoggedEvent) => void;

export class GenerationFanout {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly subscriber: Redis;

  constructor(subscriber: Redis = createRedis("subscriber", { subscriber: true })) {
    this.subscriber = subscriber;
    this.subscriber.on("message", (channel: string, message: string) => {
      const listeners = this.listeners.get(channel);
      if (!listeners) return;
      const logged = decodeLiveMessage(message);
      for (const listener of listeners) listener(logged);
    });
  }

  /** Resolves once Redis confirms the subscription, so nothing published afterwards is missed. */
  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    if (set.size === 1) await this.subscriber.subscribe(channel);
    return () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        void this.subscriber.unsubscribe(channel).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber.quit().catch(() => {});
  }
}

const globalForFanout = globalThis as unknown as { hearthFanout?: GenerationFanout };

export function getFanout(): GenerationFanout {
  globalForFanout.hearthFanout ??= new GenerationFanout();
  return globalForFanout.hearthFanout;
}

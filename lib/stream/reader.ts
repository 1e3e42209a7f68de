// Reads a generation: replay from its log after a given id, then live, with no gap and no duplicate.
import type { Redis } from "ioredis";
import { keys } from "../redis";
import { compareStreamIds, type GenerationEvent, isFinal, type LoggedEvent } from "./events";
import type { SubscriptionHub } from "./hub";

type FollowOptions = {
  redis: Redis;
  hub: SubscriptionHub;
  messageId: string;
  /** The last id the client saw (SSE Last-Event-ID); events after it are delivered. */
  afterId?: string;
  onEvent: (logged: LoggedEvent) => void;
};

/** Returns a stop function. Calls onEvent until a final event or until stopped. */
export async function followGeneration({ redis, hub, messageId, afterId, onEvent }: FollowOptions) {
  let lastId = afterId ?? "0-0";
  let replaying = true;
  let ended = false;
  const buffered: LoggedEvent[] = [];

  const deliver = (logged: LoggedEvent) => {
    if (ended || compareStreamIds(logged.id, lastId) <= 0) return;
    lastId = logged.id;
    if (isFinal(logged.event)) ended = true;
    onEvent(logged);
  };

  // Subscribe before reading the log: whatever is published meanwhile waits in the buffer.
  const unsubscribe = await hub.subscribe(keys.generationChannel(messageId), (id, payload) => {
    const logged = { id, event: JSON.parse(payload) as GenerationEvent };
    if (replaying) buffered.push(logged);
    else deliver(logged);
  });

  let entries: [string, string[]][];
  try {
    entries = (await redis.xrange(keys.generationLog(messageId), `(${lastId}`, "+")) as [string, string[]][];
  } catch (error) {
    unsubscribe();
    throw error;
  }
  for (const [id, fields] of entries) {
    const payload = fields[1];
    if (payload) deliver({ id, event: JSON.parse(payload) as GenerationEvent });
  }
  replaying = false;
  for (const logged of buffered) deliver(logged);
  buffered.length = 0;

  return {
    stop: unsubscribe,
    get ended() {
      return ended;
    },
    get lastId() {
      return lastId;
    },
  };
}

export async function logExists(redis: Redis, messageId: string): Promise<boolean> {
  return (await redis.exists(keys.generationLog(messageId))) === 1;
}

// Reads a generation: replay from its log after a given id, then live, with no gap and no duplicate.
import "server-only";
import type { Redis } from "ioredis";
import type { GenerationFanout } from "./fanout";
import { compareStreamIds, decodeLogEntry, isFinal, type LoggedEvent } from "./protocol";
import { generationKeys } from "./redis-keys";

type FollowOptions = {
  redis: Redis;
  fanout: GenerationFanout;
  generationId: string;
  /** The last id the client saw (SSE Last-Event-ID); events after it are delivered. */
  afterId?: string;
  onEvent: (logged: LoggedEvent) => void;
};

/** Returns a stop function. Calls onEvent until a final event or until stopped. */
export async function followGeneration({ redis, fanout, generationId, afterId, onEvent }: FollowOptions) {
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
  const unsubscribe = await fanout.subscribe(generationKeys.channel(generationId), (logged) => {
    if (replaying) buffered.push(logged);
    else deliver(logged);
  });

  let entries: [string, string[]][];
  try {
    entries = (await redis.xrange(generationKeys.log(generationId), `(${lastId}`, "+")) as [string, string[]][];
  } catch (error) {
    unsubscribe();
    throw error;
  }
  for (const entry of entries) {
    const logged = decodeLogEntry(entry);
    if (logged) deliver(logged);
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

export async function logExists(redis: Redis, generationId: string): Promise<boolean> {
  return (await redis.exists(generationKeys.log(generationId))) === 1;
}

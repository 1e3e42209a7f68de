// Writes a generation's events: appended to its replay log and published live, atomically, in order.
import type { Redis } from "ioredis";
import { keys } from "../redis";
import type { GenerationEvent } from "./events";

// XADD then PUBLISH in one script so a subscriber never sees an event the log lacks, and gets its id.
const appendScript = `
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
return id`;

/** Seconds a finished generation's log is kept for late readers; the final message is in PostgreSQL by then. */
export const FINISHED_LOG_TTL_S = 120;
/** A safety net so an abandoned log never lives forever. */
export const LOG_TTL_S = 24 * 3600;

type RedisWithAppend = Redis & {
  hearthAppend(log: string, channel: string, payload: string): Promise<string>;
};

function withAppend(redis: Redis): RedisWithAppend {
  const r = redis as RedisWithAppend;
  if (typeof r.hearthAppend !== "function") {
    redis.defineCommand("hearthAppend", { numberOfKeys: 2, lua: appendScript });
  }
  return r;
}

export class GenerationWriter {
  private readonly redis: RedisWithAppend;
  private pending: Promise<unknown>[] = [];

  constructor(
    redis: Redis,
    readonly messageId: string,
  ) {
    this.redis = withAppend(redis);
  }

  /** Queues the event without waiting; ioredis keeps the order of commands on one connection. */
  emit(event: GenerationEvent): Promise<string> {
    const write = this.redis.hearthAppend(
      keys.generationLog(this.messageId),
      keys.generationChannel(this.messageId),
      JSON.stringify(event),
    );
    this.pending.push(write);
    if (this.pending.length > 256) void this.flush();
    return write;
  }

  async flush(): Promise<void> {
    const writes = this.pending;
    this.pending = [];
    await Promise.all(writes);
  }

  async finish(event: GenerationEvent): Promise<void> {
    this.emit(event);
    await this.flush();
    await this.redis.expire(keys.generationLog(this.messageId), FINISHED_LOG_TTL_S);
  }

  async touch(): Promise<void> {
    await this.redis.expire(keys.generationLog(this.messageId), LOG_TTL_S);
  }
}

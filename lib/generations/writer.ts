// Writes a generation's events: appended to its replay log and published live, atomically, in order.
import "server-only";
import type { Redis } from "ioredis";
import { encodeEvent, type GenerationEvent, LOG_FIELD } from "./protocol";
import { generationKeys } from "./redis-keys";

// XADD then PUBLISH in one script so a subscriber never sees an event the log lacks, and gets its id.
// A final event also sets the log's expiry in the same step (ARGV[2] seconds; 0 leaves it). The live message is
// "<id> <event>" and the log field ARGV[3]: protocol.ts decodes both.
const appendScript = `
local id = redis.call('XADD', KEYS[1], '*', ARGV[3], ARGV[1])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return id`;

/** Seconds a finished generation's log is kept for late readers; the final message is in PostgreSQL by then. */
export const FINISHED_LOG_TTL_S = 120;
/** A safety net so an abandoned log never lives forever. */
export const LOG_TTL_S = 24 * 3600;

type RedisWithAppend = Redis & {
  hearthAppend(log: string, channel: string, payload: string, expireSeconds: number, field: string): Promise<string>;
};

function withAppend(redis: Redis): RedisWithAppend {
  const r = redis as RedisWithAppend;
  if (typeof r.hearthAppend !== "function") {
    redis.defineCommand("hearthAppend", { numberOfKeys: 2, lua: appendScript });
  }
  return r;
}

/**
 * Text arriving faster than this is sent as one token event: a fast model on a small machine would
 * otherwise spend its CPU on per-token Redis and SSE writes. The first token always goes out at once.
 */
export const TEXT_BATCH_MS = 16;

export class GenerationWriter {
  private readonly redis: RedisWithAppend;
  private pending: Promise<unknown>[] = [];
  private text = "";
  private lastTextAt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    redis: Redis,
    readonly generationId: string,
    /** Tags token events, so a reader can drop text from an attempt that was superseded. */
    readonly attempt = 0,
  ) {
    this.redis = withAppend(redis);
  }

  /** Streams generated text, batched by TEXT_BATCH_MS. */
  emitText(chunk: string): void {
    this.text += chunk;
    const wait = this.lastTextAt + TEXT_BATCH_MS - performance.now();
    if (wait <= 0) this.flushText();
    else this.timer ??= setTimeout(() => this.flushText(), wait);
  }

  private flushText(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.text) return;
    const text = this.text;
    this.text = "";
    this.lastTextAt = performance.now();
    this.append({ type: "token", text, attempt: this.attempt });
  }

  /** Queues the event without waiting; ioredis keeps the order of commands on one connection. */
  emit(event: GenerationEvent): Promise<string> {
    this.flushText();
    return this.append(event);
  }

  private append(event: GenerationEvent, expireSeconds = 0): Promise<string> {
    const write = this.redis.hearthAppend(
      generationKeys.log(this.generationId),
      generationKeys.channel(this.generationId),
      encodeEvent(event),
      expireSeconds,
      LOG_FIELD,
    );
    this.pending.push(write);
    if (this.pending.length > 256) void this.flush();
    return write;
  }

  async flush(): Promise<void> {
    this.flushText();
    const writes = this.pending;
    this.pending = [];
    await Promise.all(writes);
  }

  /** The final event: the log expires FINISHED_LOG_TTL_S after it, the result being in PostgreSQL. */
  async finish(event: GenerationEvent): Promise<void> {
    this.flushText();
    this.append(event, FINISHED_LOG_TTL_S);
    await this.flush();
  }

  async touch(): Promise<void> {
    await this.redis.expire(generationKeys.log(this.generationId), LOG_TTL_S);
  }
}

// Runs against the real Redis on 127.0.0.1 with its own key prefix.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";

const prefix = `hearth-unit-${process.pid}-${Date.now()}`;
vi.stubEnv("DATABASE_URL", "postgresql://unused@127.0.0.1/unused");
vi.stubEnv("HEARTH_REDIS_PREFIX", prefix);
const { addWaiting, removeWaiting } = await import("./waiting-count");
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");

afterAll(async () => {
  await redis.del(`${prefix}:pending:u1`, `${prefix}:pending:u2`);
  redis.disconnect();
});

describe("waiting count", () => {
  it("counts a user's answers in line", async () => {
    expect(await addWaiting(redis, "u1")).toBe(1);
    expect(await addWaiting(redis, "u1")).toBe(2);
    await removeWaiting(redis, "u1");
    expect(await redis.get(`${prefix}:pending:u1`)).toBe("1");
  });

  it("never goes below zero, e.g. after Redis lost the count", async () => {
    await removeWaiting(redis, "u2");
    await removeWaiting(redis, "u2");
    expect(await redis.get(`${prefix}:pending:u2`)).toBe("0");
    expect(await addWaiting(redis, "u2")).toBe(1);
  });
});

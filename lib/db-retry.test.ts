import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, retryWhileDatabaseUnavailable } from "./db-retry";

describe("retryWhileDatabaseUnavailable", () => {
  it("tries again while the database is away, then returns the answer", async () => {
    let calls = 0;
    const result = await retryWhileDatabaseUnavailable(async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      return "saved";
    });
    expect(result).toBe("saved");
    expect(calls).toBe(3);
  });

  it("throws at once an error that is not about the database being away", async () => {
    let calls = 0;
    const failing = retryWhileDatabaseUnavailable(async () => {
      calls++;
      throw new Error('null value in column "content" violates not-null constraint');
    });
    await expect(failing).rejects.toThrow(/not-null/);
    expect(calls).toBe(1);
  });

  it("gives up after the longest wait", async () => {
    const failing = retryWhileDatabaseUnavailable(
      async () => {
        throw new Error("terminating connection due to administrator command");
      },
      { maxWaitMs: 300 },
    );
    await expect(failing).rejects.toThrow(/administrator command/);
  });

  it("recognises an outage wrapped as the cause of another error", () => {
    const wrapped = new Error("Invalid `prisma.message.updateMany()` invocation", { cause: { code: "57P01", message: "" } });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Unique constraint failed"))).toBe(false);
  });
});

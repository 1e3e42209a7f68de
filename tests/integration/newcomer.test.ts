// A newcomer's first `npm test` on a machine without Chromium, PostgreSQL or Redis: it stops at once with
// one line saying what is missing and how to get it, instead of failing minutes later in a browser test.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm test on a bare machine", () => {
  it("stops at once with one line naming what is missing and how to get it", () => {
    const started = Date.now();
    const result = spawnSync("npm", ["test", "--silent"], {
      env: {
        ...process.env,
        CHROMIUM_PATH: "/nonexistent/chromium",
        HEARTH_TEST_ADMIN_URL: "postgresql://postgres@127.0.0.1:1/postgres",
        REDIS_URL: "redis://127.0.0.1:2",
      },
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000); // no build, no lint: nothing else ran
    const lines = result.stderr.split("\n").filter((l) => l.startsWith("The tests need"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Chromium at /nonexistent/chromium (apt-get install chromium, or set CHROMIUM_PATH)");
    expect(lines[0]).toContain("PostgreSQL on 127.0.0.1:1");
    expect(lines[0]).toContain("Redis on 127.0.0.1:2");
    expect(result.stdout).not.toContain("prisma");
  });

  it("lets npm test go on when everything is there", () => {
    const result = spawnSync(process.execPath, ["scripts/test-prerequisites.mjs"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { EnvError, getEnv, getWebEnv } from "./env";

describe("getEnv", () => {
  it("names the missing variable", () => {
    expect(() => getEnv({})).toThrow(EnvError);
    expect(() => getEnv({})).toThrow(/DATABASE_URL: missing/);
  });

  it("coerces numbers and applies defaults", () => {
    const env = getEnv({ DATABASE_URL: "postgresql://u@h:5432/d", HEARTH_WORKER_THREADS: "3" });
    expect(env.HEARTH_WORKER_THREADS).toBe(3);
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.modelsDir.startsWith("/")).toBe(true);
  });

  it("defaults the worker threads to auto, and an explicit number wins", () => {
    expect(getEnv({ DATABASE_URL: "postgresql://u@h:5432/d" }).HEARTH_WORKER_THREADS).toBe("auto");
    expect(getEnv({ DATABASE_URL: "postgresql://u@h:5432/d", HEARTH_WORKER_THREADS: "auto" }).HEARTH_WORKER_THREADS).toBe("auto");
    expect(() => getEnv({ DATABASE_URL: "postgresql://u@h/d", HEARTH_WORKER_THREADS: "0" })).toThrow(/HEARTH_WORKER_THREADS/);
  });

  it("rejects a bad value with its name", () => {
    expect(() => getEnv({ DATABASE_URL: "postgresql://u@h/d", HEARTH_GPU: "maybe" })).toThrow(/HEARTH_GPU/);
  });

  it("checks the web server's own variables, and requires the session secret only there", () => {
    const base = { DATABASE_URL: "postgresql://u@h/d" };
    expect(getEnv(base).PORT).toBe(3000);
    expect(() => getEnv({ ...base, PORT: "http" })).toThrow(/PORT/);
    expect(() => getEnv({ ...base, NEXTAUTH_URL: "localhost" })).toThrow(/NEXTAUTH_URL/);
    expect(() => getWebEnv(base)).toThrow(/NEXTAUTH_SECRET: missing/);
    expect(getWebEnv({ ...base, NEXTAUTH_SECRET: "s3cret" }).NEXTAUTH_SECRET).toBe("s3cret");
  });
});

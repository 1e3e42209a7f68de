// A missing or bad setting stops the web and the worker at start-up with a message naming it.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "@/testkit/stack";

function runUntilExit(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { DATABASE_URL: _db, NEXTAUTH_SECRET: _secret, ...inherited } = process.env;
  const child = spawn(command, args, { env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe("start-up checks", () => {
  it("the web refuses to start without DATABASE_URL and says so", async () => {
    const port = await freePort();
    const { code, output } = await runUntilExit(path.resolve("node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
      NEXTAUTH_SECRET: "x".repeat(32),
    });
    expect(code).toBe(1);
    expect(output).toContain("DATABASE_URL: missing");
  });

  it("the worker refuses a bad setting and names it", async () => {
    const { code, output } = await runUntilExit(process.execPath, ["--conditions=react-server", "--import", "tsx", "worker/index.ts"], {
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
      HEARTH_WORKER_THREADS: "lots",
    });
    expect(code).toBe(1);
    expect(output).toMatch(/HEARTH_WORKER_THREADS/);
  });
});

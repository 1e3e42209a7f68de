// A private redis-server for tests that restart or kill Redis: never the shared one, and only the process
// started here is ever stopped. It keeps nothing on disk, so a restart comes back empty (the harder case).
import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./stack";

export type RedisServer = { url: string; start: () => Promise<void>; kill: () => Promise<void> };

export async function createRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = redis;
    await new Promise<void>((resolve, reject) => {
      let out = "";
      redis.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("Ready to accept connections")) resolve();
      });
      redis.once("exit", (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
    });
  };
  const kill = async () => {
    const redis = child;
    if (!redis || redis.exitCode !== null || redis.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      redis.once("exit", () => resolve());
      redis.kill("SIGKILL");
    });
  };
  return { url: `redis://127.0.0.1:${port}`, start, kill };
}

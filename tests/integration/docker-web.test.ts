// The web container's start script (scripts/docker-web.sh), run as the container runs it, minus Docker:
// without NEXTAUTH_SECRET it generates one into the data folder (private to the app user) and reuses it
// on the next start; it migrates the database before serving, and refuses an empty database where the
// install marker expects data.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, uniqueName } from "@/testkit/database";
import { freePort } from "@/testkit/stack";

const dbName = uniqueName("hearth_dockerweb");
let dataDir = "";

async function startWeb(databaseUrl: string): Promise<{ child: ChildProcess; output: () => string; baseUrl: string }> {
  const port = await freePort();
  const { NEXTAUTH_SECRET: _unset, ...inherited } = process.env;
  const child = spawn("sh", ["scripts/docker-web.sh"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...inherited,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HEARTH_DATA_DIR: dataDir,
      HEARTH_HOST: "127.0.0.1",
      PORT: String(port),
    },
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, output: () => output, baseUrl };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`web did not start:\n${output}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  await exited;
}

afterAll(async () => {
  await dropDatabase(dbName);
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe("scripts/docker-web.sh", () => {
  it("generates a private session secret once, migrates, serves, and keeps the secret across restarts", async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-data-"));
    const databaseUrl = await createDatabase(dbName);
    const first = await startWeb(databaseUrl);
    expect(first.output()).toContain("generated a session secret");
    expect(first.output()).toContain("[migrate]");
    const secretFile = path.join(dataDir, "auth-secret");
    const secret = await fs.readFile(secretFile, "utf8");
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect((await fs.stat(secretFile)).mode & 0o077).toBe(0);
    // Sign-up works, so next-auth has its secret.
    const signup = await fetch(`${first.baseUrl}/api/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "A", email: "a@example.com", password: "long enough secret" }),
    });
    expect(signup.status).toBe(201);
    await stop(first.child);

    const second = await startWeb(databaseUrl);
    expect(second.output()).not.toContain("generated a session secret");
    expect(second.output()).toContain("up to date");
    expect(await fs.readFile(secretFile, "utf8")).toBe(secret);
    await stop(second.child);
  }, 90_000);

  it("refuses to start on an empty database when the install marker expects data, and says how to restore", async () => {
    const markedDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-data-"));
    await fs.writeFile(
      path.join(markedDir, "install.json"),
      JSON.stringify({ databaseId: "db-with-the-family-chats", recordedAt: "2026-01-01" }),
    );
    const emptyName = uniqueName("hearth_dockerweb_empty");
    const url = await createDatabase(emptyName);
    try {
      const child = spawn("sh", ["scripts/docker-web.sh"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, HEARTH_DATA_DIR: markedDir, NEXTAUTH_SECRET: "x".repeat(40) },
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        output += d.toString();
      });
      const code = await new Promise((resolve) => child.once("exit", resolve));
      expect(code).not.toBe(0);
      expect(output).toContain("the database is empty, but this install had data");
      expect(output).toContain("docker compose run --rm web npm run restore -- /backups/");
      // Nothing was created in the empty database.
      const tables = execFileSync("psql", ["-Atc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", url], {
        encoding: "utf8",
      });
      expect(tables.trim()).toBe("0");
    } finally {
      await dropDatabase(emptyName);
      await fs.rm(markedDir, { recursive: true, force: true });
    }
  }, 60_000);
});

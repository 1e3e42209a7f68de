// A private PostgreSQL cluster for tests that stop the database: initdb in a temporary folder, its own port,
// pg_ctl from /usr/lib/postgresql/<version>/bin. Only this cluster is ever stopped. PostgreSQL refuses to run
// as root, so under root its processes run as the `postgres` system user.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "./stack";

export type PostgresServer = {
  adminUrl: string;
  start: () => Promise<void>;
  /** `fast` disconnects every client and stops cleanly; `immediate` is like a crash. */
  stop: (mode?: "fast" | "immediate") => Promise<void>;
  destroy: () => Promise<void>;
};

function postgresBin(): string {
  if (process.env.HEARTH_TEST_PG_BIN) return process.env.HEARTH_TEST_PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => path.join(root, v, "bin")).find((dir) => fs.existsSync(path.join(dir, "pg_ctl")));
  if (!bin) throw new Error("pg_ctl not found under /usr/lib/postgresql/*/bin (apt install postgresql), or set HEARTH_TEST_PG_BIN");
  return bin;
}

function asUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function run(bin: string, tool: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  const child = spawn(path.join(bin, tool), args, { stdio: ["ignore", "pipe", "pipe"], ...user, env: { ...process.env, LC_ALL: "C" } });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve, reject) =>
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`${tool} ${args.join(" ")} failed (${code}):\n${output}`)))),
  );
}

export async function createPostgresServer(): Promise<PostgresServer> {
  const bin = postgresBin();
  const user = asUser();
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), "hearth-pg-"));
  if (user) await fsp.chown(root, user.uid, user.gid);
  const data = path.join(root, "data");
  await run(bin, "initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], user);
  const port = await freePort();
  // No fsync: a test cluster need not survive a power cut, and the machine's disk is shared.
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = () => run(bin, "pg_ctl", ["-D", data, "-o", options, "-l", path.join(root, "log"), "-w", "start"], user);
  const stop = (mode: "fast" | "immediate" = "fast") => run(bin, "pg_ctl", ["-D", data, "-m", mode, "-w", "stop"], user);
  await start();
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      await stop("immediate").catch(() => {});
      await fsp.rm(root, { recursive: true, force: true });
    },
  };
}

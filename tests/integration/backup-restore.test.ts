// Backups and restores, end to end: a backup is taken, the database is wiped, Hearth refuses to start on the
// empty database and says how to restore, the backup is restored, and the conversations are back.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listBackups } from "@/lib/backup/backup";
import { upgradeDatabase } from "@/lib/migrations/upgrade";
import { type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { freePort, type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let member: HearthClient;

function runToExit(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(args[0] ?? "", args.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

const tsx = (script: string, ...args: string[]) => [process.execPath, "--import", "tsx", script, ...args];

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(text);
  await client.end();
}

beforeAll(async () => {
  stack = await startStack({ worker: true });
  [member] = (await setUpFamily(stack, ["Ada"])).members as [HearthClient];
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("backup and restore", () => {
  it("backs up a database with data before applying migrations, and keeps only the last N backups", async () => {
    const migrationsDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-migrations-"));
    const backupDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-backups-"));
    await fs.cp(path.resolve("prisma/migrations"), migrationsDir, { recursive: true });
    const options = {
      databaseUrl: stack.env.DATABASE_URL ?? "",
      migrationsDir,
      dataDir: stack.env.HEARTH_DATA_DIR ?? "",
      backupDir,
      keepBackups: 2,
      log: () => {},
    };
    expect((await upgradeDatabase(options)).backup).toBeNull(); // nothing to migrate: no backup
    for (const n of [1, 2, 3]) {
      const name = `9999000000000${n}_extra_${n}`;
      await fs.mkdir(path.join(migrationsDir, name));
      await fs.writeFile(path.join(migrationsDir, name, "migration.sql"), `CREATE TABLE "_extra_${n}" (id int);`);
      const { applied, backup } = await upgradeDatabase(options);
      expect(applied).toEqual([name]);
      expect(backup).toContain(`before-${name}`);
    }
    const kept = (await listBackups(backupDir)).map((f) => path.basename(f));
    expect(kept).toHaveLength(2);
    expect(kept[1]).toContain("before-99990000000003_extra_3");
    await fs.rm(migrationsDir, { recursive: true, force: true });
    await fs.rm(backupDir, { recursive: true, force: true });
  }, 60_000);

  it("brings the conversations back after the database was wiped, and refuses the empty database until then", async () => {
    const sent = await startChat(member, "Remember this conversation");
    expect((await readEvents(member, sent.generationId)).at(-1)?.data.type).toBe("done");
    // Named by the member: a generated title (written in the background) never replaces it, so it compares.
    expect((await member.json(`/api/conversations/${sent.conversationId}`, { title: "Remember this conversation" }, "PATCH")).status).toBe(
      200,
    );
    const before = await member.json(`/api/conversations/${sent.conversationId}`);

    const backup = await runToExit(tsx("scripts/backup.ts"), stack.env);
    expect(backup.code, backup.output).toBe(0);
    const [file] = await listBackups(stack.env.HEARTH_BACKUP_DIR ?? "");
    expect(file).toBeDefined();
    const modelList = JSON.parse(await fs.readFile(`${file?.slice(0, -".dump".length)}.models.json`, "utf8"));
    expect(modelList.models.map((m: { name: string }) => m.name)).toEqual(["Tiny"]);

    await stack.stopWorker();
    await stack.stopWeb();
    await sql(stack.env.DATABASE_URL ?? "", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");

    // Migrations, the worker and the web server all refuse the empty database and say how to restore.
    const migrate = await runToExit(tsx("prisma/migrate.ts"), stack.env);
    expect(migrate.code).toBe(1);
    expect(migrate.output).toContain("npm run restore --");
    const worker = await runToExit([process.execPath, "--conditions=react-server", "--import", "tsx", "worker/index.ts"], stack.env);
    expect(worker.code).toBe(1);
    expect(worker.output).toContain("the database is empty, but this install had data");
    const port = await freePort();
    const web = await runToExit([path.resolve("node_modules/.bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], stack.env);
    expect(web.code).toBe(1);
    expect(web.output).toContain("npm run restore --");

    const restore = await runToExit(tsx("scripts/restore.ts", file ?? ""), stack.env);
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain(`model "Tiny": tiny/tiny-llama.gguf is in the models folder`);

    await stack.restartWeb();
    await stack.startWorker();
    const after = await member.json(`/api/conversations/${sent.conversationId}`);
    expect(after.status).toBe(200);
    expect(after.data).toEqual(before.data);
    // And it serves again: a new answer in the restored conversation.
    const next = await member.json<{ generationId: string }>(`/api/conversations/${sent.conversationId}/messages`, {
      content: "Still there?",
    });
    expect(next.status).toBe(201);
    expect((await readEvents(member, next.data.generationId)).at(-1)?.data.type).toBe("done");
  }, 120_000);
});

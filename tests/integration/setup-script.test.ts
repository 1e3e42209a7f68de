// `npm run setup` from source: .env readable by its owner only, and the app gets its own database role.
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_DATABASE_URL, dropDatabase, uniqueName } from "@/testkit/database";

// Only the .env file under test may configure setup (an empty variable would still count as set).
const withoutHearthVariables = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => !/^(DATABASE_URL|REDIS_URL|NEXTAUTH_|HEARTH_)/.test(key))) as NodeJS.ProcessEnv;

const root = path.resolve(import.meta.dirname, "../..");
const dbName = uniqueName("hearth_setup");
let tempDir = "";

afterAll(async () => {
  await dropDatabase(dbName);
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS "${dbName}"`).finally(() => admin.end());
  if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
});

describe("npm run setup (scripts/setup.mjs)", () => {
  it("writes .env with mode 0600 and makes the app connect as its own role, not the superuser", async () => {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-setup-"));
    const envFile = path.join(tempDir, ".env");
    const superuserUrl = new URL(ADMIN_DATABASE_URL);
    superuserUrl.pathname = `/${dbName}`;
    await fs.writeFile(envFile, `DATABASE_URL=${superuserUrl}\nHEARTH_MODELS_DIR=${path.join(tempDir, "models")}\nNEXTAUTH_SECRET=\n`, {
      mode: 0o644,
    });
    const run = () =>
      spawnSync(process.execPath, ["scripts/setup.mjs"], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...withoutHearthVariables(process.env), HEARTH_ENV_FILE: envFile, HEARTH_SETUP_SKIP_BUILD: "1" },
      });
    const first = run();
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect((await fs.stat(envFile)).mode & 0o777).toBe(0o600);

    const databaseUrl = /^DATABASE_URL=(.+)$/m.exec(await fs.readFile(envFile, "utf8"))?.[1] ?? "";
    expect(new URL(databaseUrl).username).toBe(dbName);
    const app = new pg.Client({ connectionString: databaseUrl });
    await app.connect();
    try {
      const role = await app.query("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user");
      expect(role.rows[0]).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
      const owners = await app.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'");
      expect(owners.rows).toEqual([{ tableowner: dbName }]);
    } finally {
      await app.end();
    }
    // A rerun keeps working (the role exists, its password is renewed and written back).
    const second = run();
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect((await fs.stat(envFile)).mode & 0o777).toBe(0o600);
  }, 240_000);
});

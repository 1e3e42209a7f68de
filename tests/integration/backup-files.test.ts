// A backup holds password hashes and every conversation: only its owner may read it, whatever the umask.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackup } from "@/lib/backup/backup";
import { createMigratedDatabase } from "@/testkit/database";

let database: Awaited<ReturnType<typeof createMigratedDatabase>>;
let root: string;

beforeAll(async () => {
  database = await createMigratedDatabase("hearth_backup_files");
  root = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-backup-files-"));
});

afterAll(async () => {
  await database?.drop();
  await fs.rm(root, { recursive: true, force: true });
});

const mode = async (file: string) => (await fs.stat(file)).mode & 0o777;

describe("backup files", () => {
  it("are 0600 in a 0700 folder under a permissive umask, also when the folder already existed open", async () => {
    const previous = process.umask(0o002);
    try {
      const fresh = path.join(root, "fresh", "backups");
      const made = await createBackup({ databaseUrl: database.url, dir: fresh });
      expect(await mode(fresh)).toBe(0o700);
      expect(await mode(made.file)).toBe(0o600);
      expect(await mode(made.modelsFile)).toBe(0o600);

      const existing = path.join(root, "existing");
      await fs.mkdir(existing, { mode: 0o777 });
      await fs.chmod(existing, 0o777);
      const again = await createBackup({ databaseUrl: database.url, dir: existing, label: "before-upgrade" });
      expect(await mode(existing)).toBe(0o700);
      expect(await mode(again.file)).toBe(0o600);
      expect(await mode(again.modelsFile)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});

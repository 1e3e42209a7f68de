// Puts a backup made by createBackup back into the database: replaces everything in it in one transaction,
// brings the schema up to date, re-records the install marker and says which model files are missing.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/migrations/apply";
import { checkInstallAt, readDatabaseState } from "../install/marker";
import { createBackup, pruneBackups } from "./backup";
import { runPgTool } from "./pg-tools";

export type RestoreOptions = {
  file: string;
  databaseUrl: string;
  migrationsDir: string;
  dataDir: string;
  modelsDir: string;
  backupDir: string;
  keepBackups: number;
  /** Where progress lines go: the restore command prints them for the person running it. */
  log: (line: string) => void;
};

export type ModelFileCheck = { name: string; filePath: string; present: boolean };

export class RestoreError extends Error {}

/**
 * Empties the database for the dump without dropping the extensions in it. pgvector is not a trusted extension:
 * on a from-source install the app's own role (which runs the restore) may not create it again, so dropping the
 * public schema (extensions and all) would make every restore fail there. Objects that belong to an extension
 * stay; everything Hearth made goes, and the dump's `CREATE EXTENSION IF NOT EXISTS` then changes nothing.
 */
const EMPTY_DATABASE = `
DROP SCHEMA IF EXISTS hearth_search CASCADE;
DO $$
DECLARE statement text;
BEGIN
  FOR statement IN
    SELECT format('DROP %s IF EXISTS public.%I CASCADE',
             CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
             c.relname)
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  LOOP EXECUTE statement; END LOOP;
  FOR statement IN
    SELECT format('DROP TYPE IF EXISTS public.%I CASCADE', t.typname)
    FROM pg_type t
    WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  LOOP EXECUTE statement; END LOOP;
  FOR statement IN
    SELECT format('DROP FUNCTION IF EXISTS %s CASCADE', p.oid::regprocedure)
    FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP EXECUTE statement; END LOOP;
END $$;`;

async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The dump as SQL (pg_restore reads the custom format without a database), to run in one transaction. */
async function dumpToSql(file: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-restore-"));
  const sql = path.join(dir, "restore.sql");
  // No comments: COMMENT ON EXTENSION needs the extension's owner, a superuser the app's role is not.
  await runPgTool("pg_restore", ["--no-owner", "--no-privileges", "--no-comments", `--file=${sql}`, file]).catch((error: Error) => {
    throw new RestoreError(`${file} is not a Hearth backup (a pg_dump custom-format file): ${error.message}`);
  });
  return sql;
}

async function checkModelFiles(databaseUrl: string, modelsDir: string): Promise<ModelFileCheck[]> {
  const rows = await withClient(
    databaseUrl,
    async (c) => (await c.query<{ name: string; filePath: string }>(`SELECT name, "filePath" FROM "Model" ORDER BY name`)).rows,
  );
  return Promise.all(
    rows.map(async (m) => ({
      ...m,
      present: await fs.stat(path.join(modelsDir, m.filePath)).then(
        (s) => s.isFile(),
        () => false,
      ),
    })),
  );
}

export async function restoreBackup(options: RestoreOptions): Promise<{ safetyBackup: string | null; models: ModelFileCheck[] }> {
  const { log } = options;
  if (!(await fs.stat(options.file).catch(() => null))?.isFile()) throw new RestoreError(`No backup file at ${options.file}`);
  const sql = await dumpToSql(options.file);
  try {
    // Nothing is ever lost by a restore: data already in the database is backed up first.
    const current = await withClient(options.databaseUrl, readDatabaseState);
    let safetyBackup: string | null = null;
    if (current.users > 0) {
      safetyBackup = (await createBackup({ databaseUrl: options.databaseUrl, dir: options.backupDir, label: "before-restore" })).file;
      log(`[restore] the database had data; it was backed up first to ${safetyBackup}`);
    }
    // One transaction: if the restore fails half-way, the database is left as it was.
    await runPgTool(
      "psql",
      [
        "--quiet",
        "--no-psqlrc",
        "--single-transaction",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        // hearth_search holds the search functions (see its migration); the dump creates it again.
        EMPTY_DATABASE,
        "-f",
        sql,
      ],
      options.databaseUrl,
    );
    log(`[restore] restored ${options.file}`);
    await applyMigrations(options.databaseUrl, options.migrationsDir, log);
    await checkInstallAt(options.databaseUrl, options.dataDir, log);
    const models = await checkModelFiles(options.databaseUrl, options.modelsDir);
    await pruneBackups(options.backupDir, Math.max(options.keepBackups, 1));
    return { safetyBackup, models };
  } finally {
    await fs.rm(path.dirname(sql), { recursive: true, force: true });
  }
}

// Database backups: a pg_dump (custom format) of the whole database, plus a readable list of the models and
// their settings beside it. Model files are not copied: they stay in the models folder.
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { runPgTool } from "./pg-tools";

export const BACKUP_SUFFIX = ".dump";
const MODELS_SUFFIX = ".models.json";

export type Backup = { file: string; modelsFile: string; models: number };

function stamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

/** The models and their settings, as stored in the database (a readable copy of what the dump holds). */
async function listModels(databaseUrl: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT to_regclass('"Model"')::text AS t`);
    if (!rows[0]?.t) return [];
    return (await client.query(`SELECT * FROM "Model" ORDER BY "name"`)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A dump holds password hashes, every conversation and children's instructions: the folder is the owner's
 * alone (0700) and so is every file (0600), whatever the umask. A folder made by someone else (a host
 * folder mounted into Docker) may refuse the chmod; its files are still 0600.
 */
async function privateFolder(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EPERM") throw error;
  });
}

/** Dumps the database into `dir` as hearth-<time>[-<label>].dump; written under a temporary name, then renamed. */
export async function createBackup(options: { databaseUrl: string; dir: string; label?: string }): Promise<Backup> {
  await privateFolder(options.dir);
  const label = options.label ? `-${options.label.replace(/[^a-zA-Z0-9_-]/g, "_")}` : "";
  const base = path.join(options.dir, `hearth-${stamp()}${label}`);
  const file = `${base}${BACKUP_SUFFIX}`;
  const partial = `${file}.partial`;
  try {
    // Made first with its mode: pg_dump truncates and keeps it, so the dump is never readable by others.
    await fs.writeFile(partial, "", { mode: 0o600 });
    await fs.chmod(partial, 0o600);
    await runPgTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`], options.databaseUrl);
    await fs.rename(partial, file);
  } finally {
    await fs.rm(partial, { force: true });
  }
  const models = await listModels(options.databaseUrl);
  const modelsFile = `${base}${MODELS_SUFFIX}`;
  await fs.writeFile(modelsFile, `${JSON.stringify({ backup: path.basename(file), models }, null, 2)}\n`, { mode: 0o600 });
  await fs.chmod(modelsFile, 0o600);
  return { file, modelsFile, models: models.length };
}

/** Backups in `dir`, oldest first (names start with their time). */
export async function listBackups(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.startsWith("hearth-") && n.endsWith(BACKUP_SUFFIX))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Keeps the newest `keep` backups (and their model lists); returns the removed files. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const backups = await listBackups(dir);
  const old = backups.slice(0, Math.max(0, backups.length - keep));
  for (const file of old) {
    await fs.rm(file, { force: true });
    await fs.rm(file.slice(0, -BACKUP_SUFFIX.length) + MODELS_SUFFIX, { force: true });
  }
  return old;
}

// Brings a database to the current schema the safe way: refuses an empty database where this install had
// data, rebuilds its indexes when the C library's collation changed, backs up a database with data before
// changing it, migrates, then records the install marker.
import pg from "pg";
import { createBackup, pruneBackups } from "@/lib/backup/backup";
import { checkInstall, checkInstallAt, readDatabaseState } from "@/lib/install/marker";
import { applyMigrations, listPendingMigrations } from "./apply";
import { rebuildIndexesIfCollationChanged } from "./collation";

export type UpgradeOptions = {
  databaseUrl: string;
  migrationsDir: string;
  dataDir: string;
  backupDir: string;
  keepBackups: number;
  /** Where progress lines go: the migrate command prints them for the person running it. */
  log: (line: string) => void;
};

export async function upgradeDatabase(options: UpgradeOptions): Promise<{ applied: string[]; backup: string | null }> {
  const { log } = options;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  let backup: string | null = null;
  try {
    await checkInstall(client, options.dataDir, log);
    // Before migrating: a migration's unique checks and lookups lean on the text indexes being right.
    await rebuildIndexesIfCollationChanged(client, log);
    const pending = await listPendingMigrations(client, options.migrationsDir);
    if (pending.length && (await readDatabaseState(client)).users > 0) {
      log(`[migrate] ${pending.length} migration(s) to apply; backing up the database first`);
      backup = (await createBackup({ databaseUrl: options.databaseUrl, dir: options.backupDir, label: `before-${pending[0]}` })).file;
      log(`[migrate] backup written: ${backup}`);
      for (const removed of await pruneBackups(options.backupDir, options.keepBackups)) log(`[migrate] removed old backup ${removed}`);
    }
  } finally {
    await client.end();
  }
  const applied = await applyMigrations(options.databaseUrl, options.migrationsDir, log);
  await checkInstallAt(options.databaseUrl, options.dataDir, log);
  return { applied, backup };
}

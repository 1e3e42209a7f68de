// `npm run db:migrate`: brings the database to the current schema, backing it up first when it holds data.
import path from "node:path";
import { PgToolError } from "@/lib/backup/pg-tools";
import { getEnv } from "@/lib/env";
import { EmptyDatabaseError } from "@/lib/install/marker";
import { upgradeDatabase } from "@/lib/migrations/upgrade";

const env = getEnv();
try {
  const { applied } = await upgradeDatabase({
    databaseUrl: env.DATABASE_URL,
    migrationsDir: path.join(import.meta.dirname, "migrations"),
    dataDir: env.dataDir,
    backupDir: env.backupDir,
    keepBackups: env.HEARTH_BACKUP_KEEP,
    log: console.log,
  });
  console.log(applied.length ? `[migrate] ${applied.length} migration(s) applied` : "[migrate] database is up to date");
} catch (error) {
  if (!(error instanceof EmptyDatabaseError || error instanceof PgToolError)) throw error;
  console.error(
    error instanceof PgToolError ? `[migrate] no backup could be made, so nothing was migrated.\n${error.message}` : error.message,
  );
  process.exit(1);
}

// `npm run restore -- <backup file>`: replaces the database's contents with a backup made by `npm run backup`
// (or before a migration). Stop the web server and the worker first.
import path from "node:path";
import { PgToolError } from "@/lib/backup/pg-tools";
import { RestoreError, restoreBackup } from "@/lib/backup/restore";
import { getEnv } from "@/lib/env";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run restore -- <backup file>   (backups are in HEARTH_BACKUP_DIR, ./backups by default)");
  process.exit(2);
}
const env = getEnv();
try {
  const { models } = await restoreBackup({
    file: path.resolve(file),
    databaseUrl: env.DATABASE_URL,
    migrationsDir: path.resolve(import.meta.dirname, "../prisma/migrations"),
    dataDir: env.dataDir,
    modelsDir: env.modelsDir,
    backupDir: env.backupDir,
    keepBackups: env.HEARTH_BACKUP_KEEP,
    log: console.log,
  });
  for (const model of models) {
    console.log(
      model.present
        ? `[restore] model "${model.name}": ${model.filePath} is in the models folder`
        : `[restore] model "${model.name}": ${model.filePath} is MISSING from ${env.modelsDir}; put the file back (or download it again) before using it`,
    );
  }
  console.log("[restore] done; start Hearth again");
} catch (error) {
  if (!(error instanceof RestoreError || error instanceof PgToolError)) throw error;
  console.error(`[restore] failed: ${error.message}`);
  process.exit(1);
}

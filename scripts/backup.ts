// `npm run backup`: writes a backup of the database (and the list of models) into HEARTH_BACKUP_DIR.
import { createBackup, pruneBackups } from "@/lib/backup/backup";
import { PgToolError } from "@/lib/backup/pg-tools";
import { getEnv } from "@/lib/env";

const env = getEnv();
try {
  const backup = await createBackup({ databaseUrl: env.DATABASE_URL, dir: env.backupDir });
  console.log(`[backup] database written to ${backup.file}`);
  console.log(
    `[backup] ${backup.models} model(s) and their settings listed in ${backup.modelsFile} (model files stay in the models folder)`,
  );
  for (const removed of await pruneBackups(env.backupDir, env.HEARTH_BACKUP_KEEP)) console.log(`[backup] removed old backup ${removed}`);
} catch (error) {
  if (!(error instanceof PgToolError)) throw error;
  console.error(`[backup] failed: ${error.message}`);
  process.exit(1);
}

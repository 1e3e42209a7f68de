// The install marker: a file outside the database (in HEARTH_DATA_DIR) saying "this install had data, in the
// database with id X". Web, worker and migrations refuse to start on an empty database while it says so,
// instead of silently beginning again with no accounts and no chats (e.g. after an upgrade lost the volume).
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { getLogger } from "../log";

export const MARKER_FILE = "install.json";

export type InstallMarker = { databaseId: string; recordedAt: string };

/** What the database says about itself; null id when Hearth never migrated it. */
export type DatabaseState = { id: string | null; users: number };

export class EmptyDatabaseError extends Error {}

export async function readDatabaseState(client: pg.Client): Promise<DatabaseState> {
  const { rows } = await client.query<{ install: string | null; users: string | null }>(
    `SELECT to_regclass('"_hearth_install"')::text AS install, to_regclass('"User"')::text AS users`,
  );
  const tables = rows[0];
  const id = tables?.install
    ? ((await client.query<{ id: string }>(`SELECT id FROM "_hearth_install" LIMIT 1`)).rows[0]?.id ?? null)
    : null;
  const users = tables?.users ? Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "User"`)).rows[0]?.n ?? 0) : 0;
  return { id, users };
}

export async function readMarker(dataDir: string): Promise<InstallMarker | null> {
  const text = await fs.readFile(path.join(dataDir, MARKER_FILE), "utf8").catch(() => null);
  if (!text) return null;
  try {
    const marker = JSON.parse(text) as Partial<InstallMarker>;
    return typeof marker.databaseId === "string" ? { databaseId: marker.databaseId, recordedAt: String(marker.recordedAt) } : null;
  } catch {
    return null;
  }
}

async function writeMarker(dataDir: string, databaseId: string): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, MARKER_FILE);
  const marker: InstallMarker = { databaseId, recordedAt: new Date().toISOString() };
  await fs.writeFile(`${file}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
  await fs.rename(`${file}.tmp`, file);
}

export function emptyDatabaseMessage(marker: InstallMarker, dataDir: string): string {
  return [
    "Hearth will not start: the database is empty, but this install had data.",
    `  ${path.join(dataDir, MARKER_FILE)} records database ${marker.databaseId} (seen with accounts on ${marker.recordedAt}),`,
    "  and DATABASE_URL now points at a database without them (a new or wiped database, or the wrong one).",
    "  To get the data back, restore the latest backup (kept in the backups folder):",
    "    from source:  npm run restore -- backups/<file>.dump",
    "    with Docker:  docker compose run --rm web npm run restore -- /backups/<file>.dump",
    `  To really start over with an empty Hearth, delete ${path.join(dataDir, MARKER_FILE)} and start again.`,
  ].join("\n");
}

/**
 * Refuses an empty database when the marker expects this install's data; records the marker once the
 * database holds accounts. A database with accounts under another id is taken as chosen on purpose.
 */
export async function checkInstall(
  client: pg.Client,
  dataDir: string,
  log: (line: string) => void = (line) => getLogger().info(line),
): Promise<void> {
  const marker = await readMarker(dataDir);
  const state = await readDatabaseState(client);
  if (marker && state.users === 0 && state.id !== marker.databaseId) throw new EmptyDatabaseError(emptyDatabaseMessage(marker, dataDir));
  if (state.id && state.users > 0 && marker?.databaseId !== state.id) {
    await writeMarker(dataDir, state.id).then(
      () => log(`[install] recorded database ${state.id} in ${path.join(dataDir, MARKER_FILE)}`),
      (error: Error) => log(`[install] could not record the install marker: ${error.message}`),
    );
  }
}

/** checkInstall with its own connection, for processes that do not otherwise use pg directly. */
export async function checkInstallAt(databaseUrl: string, dataDir: string, log?: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await checkInstall(client, dataDir, log);
  } finally {
    await client.end();
  }
}

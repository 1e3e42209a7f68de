// Runs the PostgreSQL client tools (pg_dump, pg_restore, psql) from the PATH against DATABASE_URL.
import { spawn } from "node:child_process";

/** Query parameters Prisma understands but libpq refuses ("invalid URI query parameter"). */
const PRISMA_ONLY_PARAMS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout"];

/** The URL libpq accepts, with the password moved to PGPASSWORD so it never shows in the process list. */
export function libpqConnection(databaseUrl: string): { url: string; env: Record<string, string> } {
  const url = new URL(databaseUrl);
  const env: Record<string, string> = {};
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  url.password = "";
  for (const name of PRISMA_ONLY_PARAMS) url.searchParams.delete(name);
  return { url: url.toString(), env };
}

export class PgToolError extends Error {}

/**
 * Runs a client tool to completion (against the database when one is given); fails with its stderr, or says
 * how to install it when it is missing.
 */
export function runPgTool(tool: "pg_dump" | "pg_restore" | "psql", args: string[], databaseUrl?: string): Promise<string> {
  const connection = databaseUrl ? libpqConnection(databaseUrl) : { url: null, env: {} };
  const child = spawn(tool, connection.url ? [...args, `--dbname=${connection.url}`] : args, {
    env: { ...process.env, ...connection.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new PgToolError(
          error.code === "ENOENT"
            ? `${tool} was not found on the PATH. Install the PostgreSQL client tools of your server's version or newer (Debian/Ubuntu: apt install postgresql-client).`
            : `${tool} could not start: ${error.message}`,
        ),
      ),
    );
    child.once("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new PgToolError(`${tool} failed (exit ${code}):\n${stderr.trim()}`)),
    );
  });
}

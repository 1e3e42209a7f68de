// Runs once when the Next.js server starts: a bad environment stops it at once, naming the variable,
// instead of failing on the first request; so does an empty database where this install had data.
// Both are said as log records (lib/log.ts), like everything else the server says.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getWebEnv } = await import("./lib/env");
  const { getLogger } = await import("./lib/log");
  let env: ReturnType<typeof getWebEnv>;
  try {
    env = getWebEnv();
  } catch (error) {
    getLogger().fatal((error as Error).message);
    process.exit(1);
  }
  // Before the first request is served: the sign-in limits must never go by an address the client chose.
  const { stampClientAddresses } = await import("./lib/http/stamp-client-address");
  try {
    stampClientAddresses();
  } catch (error) {
    getLogger().fatal(`Hearth cannot start: invalid environment\n  HEARTH_TRUSTED_PROXIES: ${(error as Error).message}`);
    process.exit(1);
  }
  await refuseEmptyDatabase(env.DATABASE_URL, env.dataDir);
}

/** An empty database where this install had data stops the server, saying how to restore. */
async function refuseEmptyDatabase(databaseUrl: string, dataDir: string): Promise<void> {
  const { checkInstallAt, EmptyDatabaseError } = await import("./lib/install/marker");
  const { getLogger } = await import("./lib/log");
  try {
    await checkInstallAt(databaseUrl, dataDir);
  } catch (error) {
    if (error instanceof EmptyDatabaseError) {
      getLogger().fatal(error.message);
      process.exit(1);
    }
    // The database may simply not be up yet: the health check reports it, and requests retry.
    getLogger().warn({ error: (error as Error).message }, "could not check the database");
  }
}

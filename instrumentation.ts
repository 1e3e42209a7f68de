// Runs once when the Next.js server starts: a bad environment stops it at once, naming the variable,
// instead of failing on the first request; so does an empty database where this install had data.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getWebEnv } = await import("./lib/env");
  let env: ReturnType<typeof getWebEnv>;
  try {
    env = getWebEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  // Before the first request is served: the sign-in limits must never go by an address the client chose.
  const { stampClientAddresses } = await import("./lib/http/stamp-client-address");
  try {
    stampClientAddresses();
  } catch (error) {
    console.error(`Hearth cannot start: invalid environment\n  HEARTH_TRUSTED_PROXIES: ${(error as Error).message}`);
    process.exit(1);
  }
  await refuseEmptyDatabase(env.DATABASE_URL, env.dataDir);
}

/** An empty database where this install had data stops the server, saying how to restore. */
async function refuseEmptyDatabase(databaseUrl: string, dataDir: string): Promise<void> {
  const { checkInstallAt, EmptyDatabaseError } = await import("./lib/install/marker");
  try {
    await checkInstallAt(databaseUrl, dataDir);
  } catch (error) {
    if (error instanceof EmptyDatabaseError) {
      console.error(error.message);
      process.exit(1);
    }
    // The database may simply not be up yet: the health check reports it, and requests retry.
    console.warn(`[install] could not check the database: ${(error as Error).message}`);
  }
}

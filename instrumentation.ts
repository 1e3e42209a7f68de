// Runs once when the Next.js server starts: a bad environment stops it at once, naming the variable,
// instead of failing on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./lib/env");
  try {
    getEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  if (!process.env.NEXTAUTH_SECRET) {
    console.error("Hearth cannot start: invalid environment\n  NEXTAUTH_SECRET: missing (npm run setup writes one to .env)");
    process.exit(1);
  }
}

// Runs once when the Next.js server starts: a bad environment stops it at once, naming the variable,
// instead of failing on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getWebEnv } = await import("./lib/env");
  try {
    getWebEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

import { getDb } from "@/lib/db";
import { getRedis } from "@/lib/redis";

export const dynamic = "force-dynamic";

/** Readiness: the database and Redis answer. Used by Docker healthchecks and the test harness. */
export async function GET(): Promise<Response> {
  const checks = await Promise.allSettled([getDb().$queryRaw`SELECT 1`, getRedis().ping()]);
  const [db, redis] = checks.map((c) => c.status === "fulfilled");
  const ok = Boolean(db && redis);
  return Response.json({ ok, db, redis }, { status: ok ? 200 : 503 });
}

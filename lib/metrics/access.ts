// Who may read /metrics: an admin's session, or a scraper holding HEARTH_METRICS_TOKEN.
// (Client addresses are not trusted: X-Forwarded-For is whatever the client sends.)
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { requireAdmin } from "../auth/session";
import { getEnv } from "../env";

export async function requireMetricsAccess(request: Request): Promise<void> {
  const token = getEnv().HEARTH_METRICS_TOKEN;
  const given = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1];
  if (token && given && sameSecret(given, token)) return;
  await requireAdmin();
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

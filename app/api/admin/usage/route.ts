import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { localDay, usageByDay, windowStart } from "@/lib/queries/usage";

export const dynamic = "force-dynamic";

/** Per member and day: message, token and generation-time counts. Never any text. */
export const GET = handle(async (request: Request) => {
  await requireAdmin();
  const days = Math.min(90, Math.max(1, Number(new URL(request.url).searchParams.get("days")) || 28));
  const since = windowStart(days);
  return Response.json({ firstDay: localDay(since), days, usage: await usageByDay(since) });
});

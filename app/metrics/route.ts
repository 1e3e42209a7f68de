import { handle } from "@/lib/http/route";
import { requireMetricsAccess } from "@/lib/metrics/access";
import { renderMetrics } from "@/lib/metrics/render";
import { getWorkersOverview } from "@/lib/workers/overview";

export const dynamic = "force-dynamic";

/** Prometheus metrics: the queue, each worker and the generation figures. Admins or the metrics token only. */
export const GET = handle(async (request: Request) => {
  await requireMetricsAccess(request);
  const { contentType, body } = await renderMetrics(await getWorkersOverview());
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});

import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { startPull } from "@/lib/models/pull/producer";
import { listPulls } from "@/lib/queries/pulls";
import { startPullSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ pulls: await listPulls() });
});

/** Queues a download from the Hub; a worker does it. */
export const POST = handle(async (request: Request) => {
  const body = await readJson(request);
  await requireAdmin();
  const pull = await startPull(startPullSchema.parse(body));
  return Response.json({ pull }, { status: 201 });
});

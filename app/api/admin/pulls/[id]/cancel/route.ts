import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { cancelPull } from "@/lib/models/pull/producer";

export const dynamic = "force-dynamic";

/** Stops a download; what was downloaded stays, so Resume continues from there. */
export const POST = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await requireAdmin();
  await cancelPull(id);
  return Response.json({ ok: true });
});

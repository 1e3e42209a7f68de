import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { discardPull } from "@/lib/models/pull/producer";

export const dynamic = "force-dynamic";

/** Stops a download if it runs and forgets it; its partial files are deleted (Cancel keeps them). */
export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await requireAdmin();
  await discardPull(id);
  return Response.json({ ok: true });
});

import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { resumePull } from "@/lib/models/pull/producer";

export const dynamic = "force-dynamic";

export const POST = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await requireAdmin();
  await resumePull(id);
  return Response.json({ ok: true });
});

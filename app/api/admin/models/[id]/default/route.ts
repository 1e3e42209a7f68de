import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { setDefaultModel } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

/** Makes this model the one new conversations use. */
export const POST = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  await requireAdmin();
  await setDefaultModel(id);
  return Response.json({ ok: true });
});

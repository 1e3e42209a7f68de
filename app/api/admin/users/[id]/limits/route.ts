import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { setChildLimits } from "@/lib/queries/child-limits";
import { childLimitsSchema } from "../../schema";

export const dynamic = "force-dynamic";

export const PUT = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireAdmin();
  const limits = childLimitsSchema.parse(await readJson(request));
  const { id } = await params;
  return Response.json({ limits: await setChildLimits(id, limits) });
});

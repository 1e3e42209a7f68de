import { requireAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { revokeAnyApiKey } from "@/lib/queries/api-keys";

export const dynamic = "force-dynamic";

export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireAdmin();
  const { id } = await params;
  if (!(await revokeAnyApiKey(id))) throw new AppError("not_found", "apiKeyNotFound");
  return new Response(null, { status: 204 });
});

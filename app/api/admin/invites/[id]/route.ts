import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { revokeInvite } from "@/lib/queries/invites";

export const dynamic = "force-dynamic";

export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireAdmin();
  const { id } = await params;
  await revokeInvite(id);
  return new Response(null, { status: 204 });
});

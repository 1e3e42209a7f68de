import { requireUser } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { listUsableCollections } from "@/lib/queries/collections";

export const dynamic = "force-dynamic";

/** The family collections this member may use: what `#` in the composer offers. */
export const GET = handle(async () => {
  const user = await requireUser();
  return Response.json({ collections: await listUsableCollections(user.role) });
});

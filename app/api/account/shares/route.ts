import { requireUser } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { listShares, mayShare } from "@/lib/queries/shares";

export const dynamic = "force-dynamic";

/** The person's own share links (never a token) and whether they may make more. */
export const GET = handle(async () => {
  const user = await requireUser();
  const [shares, allowed] = await Promise.all([listShares(user.id), mayShare(user.role)]);
  return Response.json({ shares, allowed });
});

import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { getSettings, setOpenSignUp } from "@/lib/queries/accounts";
import { mayShare, setSharesForChildren } from "@/lib/queries/shares";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ settings: { ...(await getSettings()), sharesForChildren: await mayShare("child") } });
});

export const PUT = handle(async (request: Request) => {
  await requireAdmin();
  const input = z.object({ openSignUp: z.boolean().optional(), sharesForChildren: z.boolean().optional() }).parse(await readJson(request));
  if (input.openSignUp !== undefined) await setOpenSignUp(input.openSignUp);
  if (input.sharesForChildren !== undefined) await setSharesForChildren(input.sharesForChildren);
  return Response.json({ settings: { ...(await getSettings()), sharesForChildren: await mayShare("child") } });
});

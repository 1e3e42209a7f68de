import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { getSettings, setOpenSignUp } from "@/lib/queries/accounts";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ settings: await getSettings() });
});

export const PUT = handle(async (request: Request) => {
  await requireAdmin();
  const { openSignUp } = z.object({ openSignUp: z.boolean() }).parse(await readJson(request));
  await setOpenSignUp(openSignUp);
  return Response.json({ settings: await getSettings() });
});

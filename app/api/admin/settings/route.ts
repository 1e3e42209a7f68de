import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { getSettings, updateSettings } from "@/lib/queries/accounts";
import { mayShare, setSharesForChildren } from "@/lib/queries/shares";

export const dynamic = "force-dynamic";

/** Any of the settings; titleModelId null: titles by each conversation's own model. */
const settingsSchema = z
  .object({ openSignUp: z.boolean(), titleModelId: z.string().min(1).max(64).nullable(), sharesForChildren: z.boolean() })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0);

async function currentSettings() {
  return { ...(await getSettings()), sharesForChildren: await mayShare("child") };
}

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ settings: await currentSettings() });
});

export const PUT = handle(async (request: Request) => {
  await requireAdmin();
  const { sharesForChildren, ...changes } = settingsSchema.parse(await readJson(request));
  if (Object.keys(changes).length > 0) await updateSettings(changes);
  if (sharesForChildren !== undefined) await setSharesForChildren(sharesForChildren);
  return Response.json({ settings: await currentSettings() });
});

import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { getSettings, updateSettings } from "@/lib/queries/accounts";

export const dynamic = "force-dynamic";

/** Any of the settings; titleModelId null: titles by each conversation's own model. */
const settingsSchema = z
  .object({ openSignUp: z.boolean(), titleModelId: z.string().min(1).max(64).nullable() })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0);

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ settings: await getSettings() });
});

export const PUT = handle(async (request: Request) => {
  await requireAdmin();
  const changes = settingsSchema.parse(await readJson(request));
  await updateSettings(changes);
  return Response.json({ settings: await getSettings() });
});

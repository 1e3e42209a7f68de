import { requireUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { setUserLocale } from "@/lib/queries/users";
import { settingsSchema } from "./schema";

export const dynamic = "force-dynamic";

/** A member's own settings: only the signed-in member's, never anyone else's. */
export const PATCH = handle(async (request: Request) => {
  const user = await requireUser();
  const input = settingsSchema.parse(await readJson(request));
  await setUserLocale({ userId: user.id, locale: input.locale });
  return Response.json({ locale: input.locale });
});

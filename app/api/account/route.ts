import { requireUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { updateProfile } from "@/lib/queries/accounts";
import { profileSchema } from "./schema";

export const dynamic = "force-dynamic";

/** Each person's own name and language. */
export const PATCH = handle(async (request: Request) => {
  const user = await requireUser({ beforePasswordChange: true });
  const change = profileSchema.parse(await readJson(request));
  return Response.json({ user: await updateProfile(user.id, change) });
});

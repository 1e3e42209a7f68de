import { requireSession } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { changeOwnPassword } from "@/lib/queries/accounts";
import { passwordChangeSchema } from "../schema";

export const dynamic = "force-dynamic";

/** Changing one's password keeps this browser signed in and ends every other session. */
export const POST = handle(async (request: Request) => {
  const { user, session } = await requireSession({ beforePasswordChange: true });
  const { current, next } = passwordChangeSchema.parse(await readJson(request));
  await changeOwnPassword({ userId: user.id, sessionId: session.sessionId, current, next });
  return new Response(null, { status: 204 });
});

import { requireSession } from "@/lib/auth/session";
import { countSignInAttempt, signInSucceeded } from "@/lib/auth/sign-in-limit";
import { clientAddress } from "@/lib/http/client-address";
import { handle, readJson } from "@/lib/http/route";
import { changeOwnPassword } from "@/lib/queries/accounts";
import { passwordChangeSchema } from "../schema";

export const dynamic = "force-dynamic";

/** Changing one's password keeps this browser signed in and ends every other session. */
export const POST = handle(async (request: Request) => {
  const { user, session } = await requireSession({ beforePasswordChange: true });
  const { current, next } = passwordChangeSchema.parse(await readJson(request));
  // A borrowed session could otherwise guess the current password without limit: it counts as a sign-in.
  const address = clientAddress(request.headers);
  await countSignInAttempt(user.email, address);
  await changeOwnPassword({ userId: user.id, sessionId: session.sessionId, current, next });
  await signInSucceeded(user.email, address);
  return new Response(null, { status: 204 });
});

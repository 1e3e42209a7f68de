import { clientAddress, countSignUpAttempt } from "@/lib/auth/sign-in-limit";
import { getEnv } from "@/lib/env";
import { handle, readJson } from "@/lib/errors";
import { checkInstallAt } from "@/lib/install/marker";
import { assertSignUpOpen, createFirstAdmin } from "@/lib/queries/users";
import { accountSchema } from "./schema";

export const dynamic = "force-dynamic";

/** Open only while Hearth has no account: the first person to sign up becomes its admin. */
export const POST = handle(async (request: Request) => {
  // Limited and checked for "open" before the body is read or any password hashed.
  await countSignUpAttempt(clientAddress(request.headers));
  await assertSignUpOpen();
  const input = accountSchema.parse(await readJson(request));
  const user = await createFirstAdmin(input);
  // From now on this install has data: record which database holds it, so an empty one is refused later.
  const env = getEnv();
  await checkInstallAt(env.DATABASE_URL, env.dataDir).catch((error: Error) => console.warn(`[install] ${error.message}`));
  return Response.json({ user: { id: user.id, email: user.email, role: user.role } }, { status: 201 });
});

import { countSignUpAttempt } from "@/lib/auth/sign-in-limit";
import { getEnv } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { handle, readJson } from "@/lib/http/route";
import { checkInstallAt } from "@/lib/install/marker";
import { getLogger } from "@/lib/log";
import { assertSignUpAllowed, signUp } from "@/lib/queries/accounts";
import { accountSchema } from "./schema";

export const dynamic = "force-dynamic";

/**
 * The first person to sign up becomes the admin. After that, sign-up is closed unless the admin opened it;
 * then new accounts wait as pending until an admin approves them.
 */
export const POST = handle(async (request: Request) => {
  // Limited and checked for "open" before the body is read or any password hashed.
  await countSignUpAttempt(clientAddress(request.headers));
  await assertSignUpAllowed();
  const input = accountSchema.parse(await readJson(request));
  const user = await signUp(input);
  // From now on this install has data: record which database holds it, so an empty one is refused later.
  const env = getEnv();
  await checkInstallAt(env.DATABASE_URL, env.dataDir).catch((error: Error) =>
    getLogger().warn({ error: error.message }, "could not check the install marker"),
  );
  return Response.json({ user: { id: user.id, email: user.email, role: user.role, status: user.status } }, { status: 201 });
});

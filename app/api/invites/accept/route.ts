import { z } from "zod";
import { handle, readJson } from "@/lib/http/route";
import { acceptInvite } from "@/lib/queries/invites";
import { accountSchema } from "../../signup/schema";

export const dynamic = "force-dynamic";

const acceptSchema = accountSchema.extend({ token: z.string().min(20).max(100) });

/** Whoever holds a valid invite link creates their account with it, once. */
export const POST = handle(async (request: Request) => {
  const { token, ...account } = acceptSchema.parse(await readJson(request));
  const user = await acceptInvite({ token, ...account });
  return Response.json({ user: { id: user.id, email: user.email, role: user.role } }, { status: 201 });
});

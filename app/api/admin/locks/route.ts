import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { clearSignInLimits, listLockedEmails } from "@/lib/auth/sign-in-limit";
import { handle, readJson } from "@/lib/http/route";
import { normalizeEmail } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ locked: await listLockedEmails() });
});

/** Lifts a sign-in lock (e.g. after a sibling typed the wrong password ten times). */
export const DELETE = handle(async (request: Request) => {
  await requireAdmin();
  const { email } = z.object({ email: z.string().min(1).max(320) }).parse(await readJson(request));
  await clearSignInLimits(normalizeEmail(email));
  return new Response(null, { status: 204 });
});

import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { resetPassword } from "@/lib/queries/accounts";
import { passwordResetSchema } from "../../schema";

export const dynamic = "force-dynamic";

/** The admin sets a password; its owner must choose their own at the next sign-in. */
export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireAdmin();
  const { password } = passwordResetSchema.parse(await readJson(request));
  const { id } = await params;
  await resetPassword(id, password);
  return new Response(null, { status: 204 });
});

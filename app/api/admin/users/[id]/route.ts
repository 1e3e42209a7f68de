import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { deleteAccount, updateAccount } from "@/lib/queries/accounts";
import { deleteUserSchema, userChangeSchema } from "../schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const PATCH = handle(async (request: Request, { params }: Params) => {
  await requireAdmin();
  const change = userChangeSchema.parse(await readJson(request));
  const { id } = await params;
  return Response.json({ user: await updateAccount(id, change) });
});

export const DELETE = handle(async (request: Request, { params }: Params) => {
  await requireAdmin();
  const { confirmEmail } = deleteUserSchema.parse(await readJson(request));
  const { id } = await params;
  await deleteAccount(id, confirmEmail);
  return new Response(null, { status: 204 });
});

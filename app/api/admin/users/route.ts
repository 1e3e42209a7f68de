import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { createUser, listUsers } from "@/lib/queries/users";
import { newUserSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ users: await listUsers() });
});

export const POST = handle(async (request: Request) => {
  await requireAdmin();
  const body = await readJson(request);
  const user = await createUser(newUserSchema.parse(body));
  return Response.json({ user }, { status: 201 });
});

import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { listModels, registerModel } from "@/lib/queries/models";
import { registerModelSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ models: await listModels() });
});

export const POST = handle(async (request: Request) => {
  await requireAdmin();
  const body = await readJson(request);
  const model = await registerModel(registerModelSchema.parse(body));
  return Response.json({ model }, { status: 201 });
});

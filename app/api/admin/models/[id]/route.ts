import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { deleteModel, updateModel } from "@/lib/queries/models";
import { updateModelSchema } from "./schema";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Display name, description, enabled, system prompt, load settings and sampling defaults. */
export const PATCH = handle(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const body = await readJson(request);
  await requireAdmin();
  const model = await updateModel(id, updateModelSchema.parse(body));
  return Response.json({ model });
});

/** Removes the model and its file; refused while answers are being generated with it. */
export const DELETE = handle(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await requireAdmin();
  await deleteModel(id);
  return Response.json({ ok: true });
});

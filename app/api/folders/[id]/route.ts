import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { stopGeneration } from "@/lib/generations/stop";
import { listUnfinishedGenerations } from "@/lib/generations/store";
import { handle, readJson } from "@/lib/http/route";
import { checkMayInstruct } from "@/lib/limits/send";
import { deleteFolder, ownsFolder, updateFolder } from "@/lib/queries/folders";
import { deleteFolderQuery, updateFolderSchema } from "../schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const PATCH = handle(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  const input = updateFolderSchema.parse(await readJson(request));
  // Someone else's folder is not found, whatever the request would have been refused for.
  if (!(await ownsFolder({ id, userId: user.id }))) throw new AppError("not_found", "folderNotFound");
  await checkMayInstruct(user.id, input.systemPrompt);
  if (!(await updateFolder({ userId: user.id, id, ...input }))) throw new AppError("not_found", "folderNotFound");
  return Response.json({ ok: true });
});

export const DELETE = handle(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  const { conversations } = deleteFolderQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!(await ownsFolder({ id, userId: user.id }))) throw new AppError("not_found", "folderNotFound");
  // As for one conversation: answers still being written are stopped first, so no worker generates for nobody.
  if (conversations === "delete")
    for (const generation of await listUnfinishedGenerations({ folderId: id, userId: user.id })) await stopGeneration(generation, user.id);
  if (!(await deleteFolder({ userId: user.id, id, conversations }))) throw new AppError("not_found", "folderNotFound");
  return Response.json({ ok: true });
});

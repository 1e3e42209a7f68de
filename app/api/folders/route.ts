import { requireUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { checkMayInstruct } from "@/lib/limits/send";
import { createFolder, listFolders } from "@/lib/queries/folders";
import { newFolderSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const user = await requireUser();
  return Response.json({ folders: await listFolders({ userId: user.id }) });
});

export const POST = handle(async (request: Request) => {
  const user = await requireUser();
  const input = newFolderSchema.parse(await readJson(request));
  // A folder's instructions reach the model like a conversation's: a child may not give any.
  await checkMayInstruct(user.id, input.systemPrompt);
  return Response.json({ folder: await createFolder({ userId: user.id, ...input }) }, { status: 201 });
});

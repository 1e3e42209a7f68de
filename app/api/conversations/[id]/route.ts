import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { stopGeneration } from "@/lib/generations/stop";
import { listUnfinishedGenerations } from "@/lib/generations/store";
import { handle, readJson } from "@/lib/http/route";
import { checkMayInstruct, checkModelAllowed } from "@/lib/limits/send";
import { organiseConversation } from "@/lib/queries/conversation-list";
import {
  deleteConversation,
  getConversation,
  ownsConversation,
  selectBranch,
  updateConversationSettings,
} from "@/lib/queries/conversations";
import { moveToFolder } from "@/lib/queries/folders";
import { pickModel } from "@/lib/queries/models";
import { updateConversationSchema } from "../schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const GET = handle(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  const conversation = await getConversation({ id, userId: user.id });
  if (!conversation) throw new AppError("not_found", "conversationNotFound");
  return Response.json({ conversation });
});

export const DELETE = handle(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  // An answer still being written is stopped first, so no worker keeps generating for nobody.
  for (const generation of await listUnfinishedGenerations({ conversationId: id, userId: user.id }))
    await stopGeneration(generation, user.id);
  if (!(await deleteConversation({ id, userId: user.id }))) throw new AppError("not_found", "conversationNotFound");
  return Response.json({ ok: true });
});

export const PATCH = handle(async (request: Request, { params }: Params) => {
  const user = await requireUser();
  const input = updateConversationSchema.parse(await readJson(request));
  const { id } = await params;
  // Someone else's conversation is not found, whatever the request would have been refused for.
  if (!(await ownsConversation({ id, userId: user.id }))) throw new AppError("not_found", "conversationNotFound");
  if (input.leafId && !(await selectBranch({ userId: user.id, conversationId: id, leafId: input.leafId })))
    throw new AppError("not_found", "conversationNotFound");
  const { leafId: _, title, pinned, archived, folderId, ...settings } = input;
  // Another member's folder is not found, like their conversation.
  if (folderId !== undefined && !(await moveToFolder({ userId: user.id, conversationId: id, folderId })))
    throw new AppError("not_found", "folderNotFound");
  if (settings.modelId) {
    await pickModel(settings.modelId);
    await checkModelAllowed(user.id, settings.modelId);
  }
  await checkMayInstruct(user.id, settings.systemPrompt);
  if (
    (title !== undefined || pinned !== undefined || archived !== undefined) &&
    !(await organiseConversation({ userId: user.id, conversationId: id, title, pinned, archived }))
  )
    throw new AppError("not_found", "conversationNotFound");
  const changes = Object.values(settings).some((value) => value !== undefined);
  if (changes && !(await updateConversationSettings({ userId: user.id, conversationId: id, ...settings })))
    throw new AppError("not_found", "conversationNotFound");
  return Response.json({ ok: true });
});

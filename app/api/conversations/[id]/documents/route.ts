import { attachDocumentsSchema } from "@/app/api/documents/schema";
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle, readJson } from "@/lib/http/route";
import { ownsConversation } from "@/lib/queries/conversations";
import { attachDocuments, listConversationDocuments } from "@/lib/queries/documents";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const GET = handle(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  if (!(await ownsConversation({ id, userId: user.id }))) throw new AppError("not_found", "conversationNotFound");
  return Response.json({ documents: await listConversationDocuments({ conversationId: id, userId: user.id }) });
});

/** Adds the member's files to the conversation: every later question of it is answered with them. */
export const POST = handle(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  const input = attachDocumentsSchema.parse(await readJson(request));
  if (!(await ownsConversation({ id, userId: user.id }))) throw new AppError("not_found", "conversationNotFound");
  if (!(await attachDocuments({ conversationId: id, userId: user.id, documentIds: input.documentIds })))
    throw new AppError("not_found", "documentNotFound");
  return Response.json({ documents: await listConversationDocuments({ conversationId: id, userId: user.id }) });
});

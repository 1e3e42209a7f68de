import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle, readJson } from "@/lib/http/route";
import { addConversationCollection, listConversationCollections } from "@/lib/queries/collections";
import { addCollectionSchema } from "./schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** The family collections the member's conversation uses (those they may still use). */
export const GET = handle(async (_request: Request, { params }: Params) => {
  const user = await requireUser();
  const collections = await listConversationCollections({ conversationId: (await params).id, userId: user.id, role: user.role });
  if (!collections) throw new AppError("not_found", "conversationNotFound");
  return Response.json({ collections });
});

/** Adds a family collection to the conversation; one the member may not use is not found (a child, adults only). */
export const POST = handle(async (request: Request, { params }: Params) => {
  const user = await requireUser();
  const { collectionId } = addCollectionSchema.parse(await readJson(request));
  const conversationId = (await params).id;
  if (!(await addConversationCollection({ conversationId, userId: user.id, role: user.role, collectionId })))
    throw new AppError("not_found", "collectionNotFound");
  return Response.json({ collections: await listConversationCollections({ conversationId, userId: user.id, role: user.role }) });
});

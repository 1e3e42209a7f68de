import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { getChunk } from "@/lib/queries/documents";

export const dynamic = "force-dynamic";

/** One passage of the member's file, or of a collection's file they may use: what a source marker under an answer opens. */
export const GET = handle(async (_request: Request, { params }: { params: Promise<{ id: string; chunkId: string }> }) => {
  const { id, chunkId } = await params;
  const user = await requireUser();
  const chunk = await getChunk({ documentId: id, chunkId, userId: user.id, role: user.role });
  if (!chunk) throw new AppError("not_found", "documentNotFound");
  return Response.json({
    passage: {
      id: chunk.id,
      page: chunk.page,
      text: chunk.text,
      documentId: chunk.document.id,
      name: chunk.document.name,
      collection: chunk.document.collection?.name ?? null,
    },
  });
});

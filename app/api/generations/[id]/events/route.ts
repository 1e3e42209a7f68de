import { requireUserWith } from "@/lib/auth/session";
import { AppError, handle } from "@/lib/errors";
import { generationEventStream } from "@/lib/generations/sse";
import { getGeneration } from "@/lib/generations/store";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  // Attaching is on the path to the first token: the ownership read runs alongside the session check.
  const { data: generation } = await requireUserWith((userId) => getGeneration({ generationId: id, userId }));
  if (!generation) throw new AppError("not_found", "generationNotFound");
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  return generationEventStream({ generation, lastEventId, signal: request.signal });
});

import { requireUserWith } from "@/lib/auth/session";
import { AppError, handle } from "@/lib/errors";
import { getAssistantMessage } from "@/lib/queries/conversations";
import { generationEventStream } from "@/lib/stream/sse";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  // Attaching is on the path to the first token: the ownership read runs alongside the session check.
  const { data: message } = await requireUserWith((userId) => getAssistantMessage({ messageId: id, userId }));
  if (!message) throw new AppError("not_found", "Generation not found.");
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  return generationEventStream(message, lastEventId, request.signal);
});

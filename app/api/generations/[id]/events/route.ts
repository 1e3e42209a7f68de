import { requireUserWith } from "@/lib/auth/session";
import { whileSessionLasts } from "@/lib/auth/session-watch";
import { AppError } from "@/lib/errors";
import { generationEventHead, generationEventStream } from "@/lib/generations/sse";
import { getGeneration } from "@/lib/generations/store";
import { handle } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

async function ownedGeneration(params: Params["params"]) {
  const { id } = await params;
  // Attaching is on the path to the first token: the ownership read runs alongside the session check.
  const owned = await requireUserWith((userId) => getGeneration({ generationId: id, userId }));
  if (!owned.data) throw new AppError("not_found", "generationNotFound");
  return { ...owned, generation: owned.data };
}

export const GET = handle(async (request: Request, { params }: Params) => {
  const { user, generation, session, stillValid } = await ownedGeneration(params);
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  // Ended within seconds when the session is (disabled account, ended session, password change).
  return whileSessionLasts(session, request, (signal) =>
    generationEventStream({ generation, lastEventId, signal, userId: user.id, stillAuthorized: stillValid }),
  );
});

/** Answered without opening a stream: otherwise Next.js runs GET for HEAD and nobody reads (or ends) its body. */
export const HEAD = handle(async (_request: Request, { params }: Params) => {
  await ownedGeneration(params);
  return generationEventHead();
});

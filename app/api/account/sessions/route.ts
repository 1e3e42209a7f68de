import { requireSession } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { endSessions, listSessions } from "@/lib/queries/sessions";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const { user, session } = await requireSession({ beforePasswordChange: true });
  const sessions = await listSessions(user.id);
  return Response.json({ sessions: sessions.map((s) => ({ ...s, current: s.id === session.sessionId })) });
});

/** Signs out every other browser. */
export const DELETE = handle(async () => {
  const { user, session } = await requireSession({ beforePasswordChange: true });
  return Response.json({ ended: await endSessions(user.id, session.sessionId) });
});

// A send's answer (new conversation, message, regenerate): its place among the member's open streams is taken
// before anything is stored, so a send past the stream cap queues nothing.
import "server-only";
import type { SessionRef } from "../auth/session";
import { whileSessionLasts } from "../auth/session-watch";
import type { ServerTiming } from "../server-timing";
import { admitSendStream, startedGenerationResponse } from "./sse";
import type { StartedGeneration } from "./start";

export async function respondToSend(input: {
  request: Request;
  userId: string;
  session: SessionRef;
  timing: ServerTiming;
  send: () => Promise<StartedGeneration>;
}): Promise<Response> {
  const { request, session, timing } = input;
  const admitted = admitSendStream(request, input.userId);
  let started: StartedGeneration;
  try {
    started = await input.send();
  } catch (error) {
    admitted?.();
    throw error;
  }
  return whileSessionLasts(session, request, (signal) => startedGenerationResponse(request, started, timing, signal, admitted));
}

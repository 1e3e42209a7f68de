// Long-lived responses (an answer's event stream) end when their session does: disabling an account, ending
// a session or changing the password cuts open streams off within a few seconds, not when they finish.
import { type SessionRef, sessionStillValid } from "./session";

const SESSION_CHECK_MS = 2000;

/** Runs `respond` with a signal that aborts when the request does or when the session ends. */
export async function whileSessionLasts(
  session: SessionRef,
  request: Request,
  respond: (signal: AbortSignal) => Promise<Response>,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setInterval(() => {
    void sessionStillValid(session)
      .then((valid) => valid || abort())
      .catch(() => {});
  }, SESSION_CHECK_MS);
  const stop = () => clearInterval(timer);
  const abort = () => {
    stop();
    controller.abort();
  };
  if (request.signal.aborted) abort();
  else request.signal.addEventListener("abort", abort, { once: true });
  const response = await respond(controller.signal);
  if (!response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
    stop();
    return response;
  }
  // Stop checking once the stream ends by itself (the answer finished).
  const body = response.body.pipeThrough(new TransformStream({ flush: stop }));
  return new Response(body, { status: response.status, headers: response.headers });
}

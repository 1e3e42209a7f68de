// POST /v1/chat/completions: the request becomes an ordinary send (startGeneration, the web's own road: the same
// queue, fairness, limits and hidden instructions), and the generation comes back in OpenAI's shapes.
import "server-only";
import { startGeneration } from "../generations/start";
import { countKeyUse } from "../queries/api-keys";
import type { ApiCaller } from "./auth";
import { type EndedGeneration, failureError, followToEnd } from "./follow";
import { resolveModel } from "./models";
import type { CompletionRequest } from "./request";
import { toSend } from "./request";
import { apiErrorResponse } from "./respond";

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/** A comment line now and then keeps proxies from closing a stream that waits in the queue. */
const KEEPALIVE_MS = 15_000;

type Started = { id: string; generationId: string; model: string; created: number; userId: string; keyId: string };

function usage(ended: EndedGeneration) {
  return {
    prompt_tokens: ended.promptTokens,
    completion_tokens: ended.outputTokens,
    total_tokens: ended.promptTokens + ended.outputTokens,
  };
}

async function start(caller: ApiCaller, request: CompletionRequest): Promise<Started> {
  const model = await resolveModel(caller.user.id, request.model);
  const send = toSend(request);
  const started = await startGeneration({
    userId: caller.user.id,
    content: send.content,
    modelId: model.id,
    systemPrompt: send.systemPrompt,
    sampling: send.sampling,
    history: send.history,
    tail: send.tail,
    fromApi: true,
  });
  return {
    id: `chatcmpl-${started.generationId}`,
    generationId: started.generationId,
    model: model.name,
    created: Math.floor(Date.now() / 1000),
    userId: caller.user.id,
    keyId: caller.keyId,
  };
}

/** The calls in OpenAI's shape; a stream numbers them with `index`. */
function toolCalls(ended: EndedGeneration, streamed: boolean) {
  return (ended.toolCalls ?? []).map((call, index) => ({
    ...(streamed ? { index } : {}),
    id: call.id,
    type: "function" as const,
    function: { name: call.name, arguments: call.arguments },
  }));
}

function recordUse(started: Started, ended: EndedGeneration): void {
  void countKeyUse({ keyId: started.keyId, tokens: ended.promptTokens + ended.outputTokens }).catch(() => {});
}

export async function completion(input: { caller: ApiCaller; request: CompletionRequest; signal: AbortSignal }): Promise<Response> {
  const started = await start(input.caller, input.request);
  if (input.request.stream) return streamed(started, input.request, input.signal);
  const ended = await followToEnd({ generationId: started.generationId, userId: started.userId, signal: input.signal, onText: () => {} });
  // The caller went away: nobody reads this answer.
  if (!ended) return new Response(null, { status: 499 });
  recordUse(started, ended);
  if (ended.status === "failed") throw failureError(ended.error);
  return Response.json({
    id: started.id,
    object: "chat.completion",
    created: started.created,
    model: started.model,
    choices: [
      {
        index: 0,
        message: ended.toolCalls
          ? { role: "assistant", content: ended.content || null, refusal: null, tool_calls: toolCalls(ended, false) }
          : { role: "assistant", content: ended.content, refusal: null },
        logprobs: null,
        finish_reason: ended.finishReason,
      },
    ],
    usage: usage(ended),
  });
}

function streamed(started: Started, request: CompletionRequest, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
    id: started.id,
    object: "chat.completion.chunk",
    created: started.created,
    model: started.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  // Aborts when the client goes away, however the runtime tells us (request signal or a cancelled body).
  const gone = new AbortController();
  signal.addEventListener("abort", () => gone.abort(), { once: true });
  let keepalive: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown) => {
        if (!gone.signal.aborted) controller.enqueue(encoder.encode(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`));
      };
      keepalive = setInterval(() => gone.signal.aborted || controller.enqueue(encoder.encode(": keepalive\n\n")), KEEPALIVE_MS);
      send(chunk({ role: "assistant", content: "" }, null));
      try {
        const ended = await followToEnd({
          generationId: started.generationId,
          userId: started.userId,
          signal: gone.signal,
          onText: (text) => send(chunk({ content: text }, null)),
        });
        if (!ended) return;
        recordUse(started, ended);
        if (ended.status === "failed") {
          const error = failureError(ended.error);
          send(await apiErrorResponse(error, {}).json());
        } else {
          if (ended.toolCalls) send(chunk({ tool_calls: toolCalls(ended, true) }, null));
          send(chunk({}, ended.finishReason));
          if (includeUsage) send({ ...chunk({}, null), choices: [], usage: usage(ended) });
        }
        send("[DONE]");
      } catch (error) {
        send(await apiErrorResponse(error, {}).json());
      } finally {
        clearInterval(keepalive);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      }
    },
    cancel() {
      clearInterval(keepalive);
      gone.abort();
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}

// A /v1/chat/completions request: its schema, and how it becomes a Hearth send (a new conversation, flagged
// as from the API, holding the request's turns).
import "server-only";
import { z } from "zod";
import type { StoredSampling } from "../conversation-settings";
import { messageBodyLimit } from "../generations/content";
import type { Turn } from "../generations/store";

/** A whole conversation arrives with each request: room for several longest messages. */
export function completionBodyLimit(): number {
  return Math.max(1024 * 1024, messageBodyLimit() * 4);
}

const textPart = z.object({ type: z.literal("text"), text: z.string() });

/** OpenAI allows a string or a list of parts; Hearth's models read text only. */
const content = z.union([z.string(), z.array(textPart).max(1000)]).nullish();

const message = z.object({
  role: z.enum(["system", "developer", "user", "assistant"]),
  content,
  name: z.string().max(256).optional(),
});

const stop = z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).max(4)]).nullish();

// Fields OpenAI clients send that do not change a local model's answer (logprobs, penalties…) are accepted and
// ignored; only what Hearth cannot do honestly is refused.
export const completionSchema = z.object({
  model: z.string().min(1).max(200),
  messages: z.array(message).min(1).max(1000),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  stop,
  seed: z.number().int().nullish(),
  n: z.literal(1, { message: "n must be 1: Hearth gives one answer per request." }).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  /** The caller's own end-user id: accepted for compatibility; usage is counted to the key's person anyway. */
  user: z.string().max(256).optional(),
  response_format: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({
        type: z.literal("json_schema"),
        json_schema: z.object({
          name: z.string().max(64),
          schema: z.record(z.string(), z.json()).optional(),
          strict: z.boolean().nullish(),
        }),
      }),
    ])
    .nullish(),
  tools: z.array(z.unknown()).max(0, { message: "Tools are not supported yet." }).nullish(),
});

export type CompletionRequest = z.infer<typeof completionSchema>;

function text(value: z.infer<typeof content>): string {
  if (value == null) return "";
  return typeof value === "string" ? value : value.map((p) => p.text).join("");
}

function jsonFormat(format: CompletionRequest["response_format"]): Pick<StoredSampling, "json"> {
  if (format?.type === "json_object") return { json: {} };
  if (format?.type === "json_schema") return { json: format.json_schema.schema ? { schema: format.json_schema.schema } : {} };
  return {};
}

/** What startGeneration needs: the instructions, the earlier turns, the new user message and the sampling. */
export function toSend(request: CompletionRequest): {
  systemPrompt: string | null;
  history: Turn[];
  content: string;
  sampling: StoredSampling;
} {
  const system = request.messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => text(m.content));
  const turns: Turn[] = request.messages
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({ role: m.role as "user" | "assistant", content: text(m.content) }));
  const last = turns.pop();
  if (last?.role !== "user") {
    throw new z.ZodError([{ code: "custom", path: ["messages"], message: "The last message must be from the user.", input: undefined }]);
  }
  const stopList = request.stop == null ? undefined : Array.isArray(request.stop) ? request.stop : [request.stop];
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const sampling: StoredSampling = {
    ...(request.temperature != null ? { temperature: request.temperature } : {}),
    ...(request.top_p != null ? { topP: request.top_p } : {}),
    ...(maxTokens ? { maxTokens } : {}),
    ...(request.seed != null ? { seed: request.seed } : {}),
    ...(stopList?.length ? { stop: stopList } : {}),
    ...jsonFormat(request.response_format),
  };
  return {
    systemPrompt: system.filter((s) => s.trim()).join("\n\n") || null,
    history: turns.filter((t) => t.content.length > 0),
    content: last.content,
    sampling,
  };
}

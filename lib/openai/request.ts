// A /v1/chat/completions request: its schema, and how it becomes a Hearth send (a new conversation, flagged
// as from the API, holding the request's turns).
import "server-only";
import { z } from "zod";
import type { StoredSampling } from "../conversation-settings";
import { messageBodyLimit } from "../generations/content";
import type { Turn } from "../generations/store";
import { type ToolChoice, type ToolDefinition, toolDefinitionSchema, withCalls } from "../generations/tool-calls";

/** A whole conversation arrives with each request: room for several longest messages. */
export function completionBodyLimit(): number {
  return Math.max(1024 * 1024, messageBodyLimit() * 4);
}

const textPart = z.object({ type: z.literal("text"), text: z.string() });

/** OpenAI allows a string or a list of parts; Hearth's models read text only. */
const content = z.union([z.string(), z.array(textPart).max(1000)]).nullish();

const toolCall = z.object({
  id: z.string().min(1).max(100),
  type: z.literal("function"),
  function: z.object({ name: z.string().max(64), arguments: z.string().max(100_000) }),
});

const message = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer", "user"]), content, name: z.string().max(256).optional() }),
  z.object({
    role: z.literal("assistant"),
    content,
    name: z.string().max(256).optional(),
    tool_calls: z.array(toolCall).max(128).nullish(),
  }),
  z.object({ role: z.literal("tool"), content, tool_call_id: z.string().min(1).max(100) }),
]);

type RequestMessage = z.infer<typeof message>;

const tool = z.object({
  type: z.literal("function"),
  function: toolDefinitionSchema.omit({ parameters: true }).extend({
    parameters: toolDefinitionSchema.shape.parameters,
    /** OpenAI's strict mode: Hearth always constrains the arguments to the schema, so it is accepted either way. */
    strict: z.boolean().nullish(),
  }),
});

const toolChoice = z.union([
  z.enum(["auto", "none", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string().max(64) }) }),
]);

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
  tools: z.array(tool).max(128).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
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

function requestError(path: string, message: string): z.ZodError {
  return new z.ZodError([{ code: "custom", path: [path], message, input: undefined }]);
}

function toolSampling(request: CompletionRequest): Pick<StoredSampling, "tools" | "toolChoice" | "parallelToolCalls"> {
  if (!request.tools?.length) {
    if (request.tool_choice && request.tool_choice !== "none" && request.tool_choice !== "auto")
      throw requestError("tool_choice", "tool_choice needs tools.");
    return {};
  }
  if (request.response_format && request.response_format.type !== "text")
    throw requestError("response_format", "response_format cannot be combined with tools.");
  const tools: ToolDefinition[] = request.tools.map(({ function: f }) => ({
    name: f.name,
    ...(f.description ? { description: f.description } : {}),
    ...(f.parameters ? { parameters: f.parameters } : {}),
  }));
  const choice = request.tool_choice;
  let toolChoice: ToolChoice | undefined;
  if (typeof choice === "object" && choice) {
    if (!tools.some((t) => t.name === choice.function.name))
      throw requestError("tool_choice", "tool_choice names a function that is not in tools.");
    toolChoice = { name: choice.function.name };
  } else if (choice) toolChoice = choice;
  return { tools, ...(toolChoice ? { toolChoice } : {}), ...(request.parallel_tool_calls === false ? { parallelToolCalls: false } : {}) };
}

/** An assistant message with calls, and the results the tool messages after it give them. */
function assistantTurn(m: Extract<RequestMessage, { role: "assistant" }>, results: Map<string, string>): Turn {
  const calls = m.tool_calls ?? [];
  if (calls.length === 0) return { role: "assistant", content: text(m.content) };
  const toolCalls = calls.map((c) => {
    const result = results.get(c.id);
    return { id: c.id, name: c.function.name, arguments: c.function.arguments, ...(result !== undefined ? { result } : {}) };
  });
  // Stored with the calls read out, for the chat page; the worker reads the calls from toolCalls.
  return { role: "assistant", content: withCalls(text(m.content), toolCalls), toolCalls };
}

/** The conversation's turns: tool messages fold into the assistant turn whose calls they answer. */
function requestTurns(messages: RequestMessage[]): Turn[] {
  const results = new Map<string, string>();
  for (const m of messages) if (m.role === "tool") results.set(m.tool_call_id, text(m.content));
  const asked = new Set(messages.flatMap((m) => (m.role === "assistant" ? (m.tool_calls ?? []).map((c) => c.id) : [])));
  for (const id of results.keys()) if (!asked.has(id)) throw requestError("messages", `No assistant message made the call ${id}.`);
  return messages.flatMap((m): Turn[] => {
    if (m.role === "assistant") return [assistantTurn(m, results)];
    if (m.role === "user") return [{ role: "user", content: text(m.content) }];
    return [];
  });
}

/** What startGeneration needs: the instructions, the earlier turns, the new user message and the sampling. */
export function toSend(request: CompletionRequest): {
  systemPrompt: string | null;
  history: Turn[];
  content: string;
  /** Calls and results after the user's message: the answer continues after them. */
  tail: Turn[];
  sampling: StoredSampling;
} {
  const system = request.messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => text(m.content));
  const turns = requestTurns(request.messages);
  const lastUser = turns.findLastIndex((t) => t.role === "user");
  const tail = turns.slice(lastUser + 1);
  const last = turns[lastUser];
  // After the last user message only function calls with their results may follow (the answer continues them).
  const answered = tail.every((t) => t.toolCalls?.length && t.toolCalls.every((c) => c.result !== undefined));
  if (last?.role !== "user" || !answered) {
    throw requestError("messages", "The last message must be from the user, or a tool result for each call after it.");
  }
  const history = turns.slice(0, lastUser);
  const stopList = request.stop == null ? undefined : Array.isArray(request.stop) ? request.stop : [request.stop];
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const sampling: StoredSampling = {
    ...(request.temperature != null ? { temperature: request.temperature } : {}),
    ...(request.top_p != null ? { topP: request.top_p } : {}),
    ...(maxTokens ? { maxTokens } : {}),
    ...(request.seed != null ? { seed: request.seed } : {}),
    ...(stopList?.length ? { stop: stopList } : {}),
    ...jsonFormat(request.response_format),
    ...toolSampling(request),
  };
  return {
    systemPrompt: system.filter((s) => s.trim()).join("\n\n") || null,
    history: history.filter((t) => t.content.length > 0 || t.toolCalls),
    content: last.content,
    tail,
    sampling,
  };
}

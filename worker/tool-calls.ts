// Function calling in the worker: the request's tools offered to the model through node-llama-cpp's chat wrapper
// (which knows each model's call syntax), and the calls it makes captured, never run: generation stops at the
// call and the caller runs it (OpenAI's tools). Earlier calls and their results go back into the history as the
// wrapper's functionCall items, so the model reads them in its own syntax.
import { randomBytes } from "node:crypto";
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions, GbnfJsonSchema, Llama } from "node-llama-cpp";
import type { Turn } from "@/lib/generations/store";
import type { ToolCall, ToolChoice, ToolDefinition } from "@/lib/generations/tool-calls";
import { textOf } from "@/lib/generations/tool-calls";

/** A schema node-llama-cpp cannot turn into a grammar: the caller's mistake, the same on every attempt. */
export class JsonSchemaError extends Error {}

/**
 * The functions offered: none for "none"; only the named one for a named choice. "required" offers them all:
 * node-llama-cpp cannot force a call, so the model may still answer in text (best effort, documented).
 */
export function offeredTools(tools: ToolDefinition[] | undefined, choice: ToolChoice | undefined): ToolDefinition[] {
  if (!tools?.length || choice === "none") return [];
  if (typeof choice === "object") return tools.filter((t) => t.name === choice.name);
  return tools;
}

/** The tools as node-llama-cpp's functions; each schema is checked now, so a bad one fails before generating. */
export async function chatFunctions(llama: Llama, tools: ToolDefinition[]): Promise<ChatModelFunctions> {
  const functions: Record<string, { description?: string; params?: GbnfJsonSchema }> = {};
  for (const tool of tools) {
    const params = tool.parameters as GbnfJsonSchema | undefined;
    if (params) {
      try {
        // The schema is the caller's; node-llama-cpp checks what it supports and throws on the rest.
        await llama.createGrammarForJsonSchema(params as Parameters<Llama["createGrammarForJsonSchema"]>[0]);
      } catch (error) {
        throw new JsonSchemaError(`${tool.name}: ${(error as Error).message}`);
      }
    }
    functions[tool.name] = { ...(tool.description ? { description: tool.description } : {}), ...(params ? { params } : {}) };
  }
  return functions;
}

function parsedArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parsedResult(text: string | undefined): unknown {
  return text === undefined ? null : parsedArguments(text);
}

/** An assistant turn with calls as the wrapper's model response: its text, then each call with its result. */
export function modelResponse(turn: Turn): ChatHistoryItem {
  const calls = turn.toolCalls ?? [];
  const text = textOf(turn.content, calls);
  const items: ChatModelFunctionCall[] = calls.map((call) => ({
    type: "functionCall",
    name: call.name,
    params: parsedArguments(call.arguments),
    result: parsedResult(call.result),
  }));
  return { type: "model", response: [...(text ? [text] : []), ...items] };
}

/** The calls node-llama-cpp reports, as calls to return, each with a fresh id (the caller echoes it with the result). */
export function capturedCalls(calls: { functionName: string; params: unknown }[] | undefined): ToolCall[] {
  return (calls ?? []).map((call) => ({
    id: `call_${randomBytes(12).toString("base64url")}`,
    name: call.functionName,
    arguments: JSON.stringify(call.params ?? {}),
  }));
}

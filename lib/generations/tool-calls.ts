// Function calling ("tools" in the OpenAI API): the tools a request offers, the calls a model makes and their
// results, and how a message with calls reads as text. The model's calls are returned to the caller, who runs
// them; Hearth runs nothing.
import { z } from "zod";

/** OpenAI's rule for function names; node-llama-cpp writes them into the prompt as they are. */
const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, { message: "A function name is 1 to 64 letters, digits, _ or -." });

export const toolDefinitionSchema = z
  .object({
    name: functionName,
    description: z.string().max(4000).optional(),
    /** A JSON schema of the arguments; the worker turns it into a grammar, so a call's arguments always parse. */
    parameters: z.record(z.string(), z.json()).optional(),
  })
  .strict();

export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

/** "auto": the model may call; "none": no function is offered; "required" or a name: see worker/tool-calls.ts. */
export const toolChoiceSchema = z.union([z.enum(["auto", "none", "required"]), z.object({ name: functionName }).strict()]);

export type ToolChoice = z.infer<typeof toolChoiceSchema>;

export const toolCallSchema = z
  .object({
    id: z.string().min(1).max(100),
    name: functionName,
    /** The arguments as a JSON text, as OpenAI sends them. */
    arguments: z.string().max(100_000),
    /** What the caller's function returned (a later request brings it); absent on a call just made. */
    result: z.string().max(1_000_000).optional(),
  })
  .strict();

export type ToolCall = z.infer<typeof toolCallSchema>;

const storedCalls = z.array(toolCallSchema).max(128);

/** A message's stored calls, or undefined when it has none (or what is stored is unreadable). */
export function readToolCalls(value: unknown): ToolCall[] | undefined {
  const parsed = storedCalls.safeParse(value);
  return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
}

function callLine(call: ToolCall): string {
  return call.result === undefined ? `${call.name}(${call.arguments})` : `${call.name}(${call.arguments}) → ${call.result}`;
}

/** The text a message with calls is stored with, for the chat page and search: its own text, then one line per call. */
export function withCalls(text: string, calls: ToolCall[] | undefined): string {
  if (!calls?.length) return text;
  const lines = calls.map(callLine).join("\n");
  return text ? `${text}\n\n${lines}` : lines;
}

/** The message's own text, without the call lines withCalls added. */
export function textOf(content: string, calls: ToolCall[] | undefined): string {
  const added = withCalls("", calls);
  if (!added || !content.endsWith(added)) return content;
  return content.slice(0, content.length - added.length).replace(/\n\n$/, "");
}

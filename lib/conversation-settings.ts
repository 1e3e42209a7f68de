// A conversation's own instructions and sampling, within the limits the server allows. Shared by the routes
// that set them, the worker that uses them and the settings panel that edits them.
import { z } from "zod";
import { toolChoiceSchema, toolDefinitionSchema } from "./generations/tool-calls";
import { between } from "./i18n/field-error";
import { readSampling } from "./models/settings";

export const SYSTEM_PROMPT_MAX_CHARS = 4000;
/** A folder's name: a sidebar line, not a description (a folder's instructions hold the rest). */
export const FOLDER_NAME_MAX_CHARS = 80;

export const samplingSchema = z
  .object({
    temperature: between(z.number(), 0, 2).optional(),
    topP: between(z.number(), 0, 1, { above: true }).optional(),
    maxTokens: z.number().int().min(1).optional(),
  })
  .strict();

export type Sampling = z.infer<typeof samplingSchema>;

/** What a conversation may store: /v1 callers also choose a seed and stop sequences (OpenAI's `seed`, `stop`). */
export const storedSamplingSchema = samplingSchema
  .extend({
    seed: z.number().int().optional(),
    stop: z.array(z.string().min(1).max(100)).max(4).optional(),
    /** The answer must be JSON (OpenAI's response_format), matching the schema when one is given. */
    json: z
      .object({ schema: z.record(z.string(), z.json()).optional() })
      .strict()
      .optional(),
    /** Functions the model may call (OpenAI's tools); the caller runs them, never Hearth. */
    tools: z.array(toolDefinitionSchema).max(128).optional(),
    toolChoice: toolChoiceSchema.optional(),
    /** OpenAI's parallel_tool_calls: false allows one call per answer. */
    parallelToolCalls: z.boolean().optional(),
  })
  .strict();

export type StoredSampling = z.infer<typeof storedSamplingSchema>;

export const conversationSettingsSchema = z.object({
  systemPrompt: z.string().max(SYSTEM_PROMPT_MAX_CHARS).nullish(),
  sampling: samplingSchema.optional(),
});

/**
 * The sampling a generation runs with, from what is stored (anything unreadable counts as unset): the
 * conversation's own settings win and the model's defaults fill in the rest. maxTokens is capped here and
 * nowhere else: at the model's own maximum when it sets one, never above the server's. The only other limit
 * on it is the room the prompt leaves in the context (worker/generate.ts).
 */
export function generationSampling(stored: { conversation: unknown; model: unknown; serverMaxTokens: number }) {
  const parsed = storedSamplingSchema.safeParse(stored.conversation);
  const own = parsed.success ? parsed.data : {};
  const modelDefaults = readSampling(stored.model);
  const limit = Math.min(modelDefaults.maxTokens ?? stored.serverMaxTokens, stored.serverMaxTokens);
  return { ...modelDefaults, ...own, maxTokens: Math.min(own.maxTokens ?? limit, limit) };
}

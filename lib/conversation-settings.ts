// A conversation's own instructions and sampling, within the limits the server allows. Shared by the routes
// that set them, the worker that uses them and the settings panel that edits them.
import { z } from "zod";
import { between } from "./i18n/field-error";

export const SYSTEM_PROMPT_MAX_CHARS = 4000;

export const samplingSchema = z
  .object({
    temperature: between(z.number(), 0, 2).optional(),
    topP: between(z.number(), 0, 1, { above: true }).optional(),
    maxTokens: z.number().int().min(1).optional(),
  })
  .strict();

export type Sampling = z.infer<typeof samplingSchema>;

export const conversationSettingsSchema = z.object({
  systemPrompt: z.string().max(SYSTEM_PROMPT_MAX_CHARS).nullish(),
  sampling: samplingSchema.optional(),
});

/** Stored sampling as the worker reads it: anything unreadable is ignored, maxTokens capped at the server's. */
export function effectiveSampling(stored: unknown, maxOutputTokens: number): Sampling & { maxTokens: number } {
  const parsed = samplingSchema.safeParse(stored);
  const sampling = parsed.success ? parsed.data : {};
  return { ...sampling, maxTokens: Math.min(sampling.maxTokens ?? maxOutputTokens, maxOutputTokens) };
}

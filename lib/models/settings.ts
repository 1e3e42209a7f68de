// Per-model settings an admin edits: load settings (fixed while the model is loaded, so a request never
// forces a reload) and sampling defaults. Stored as JSON on the model row, validated here on both ends.
import { z } from "zod";
import { between } from "../i18n/field-error";

export const loadSettingsSchema = z.object({
  contextSize: between(z.number().int(), 128, 1_048_576).optional(),
  gpuLayers: between(z.number().int(), 0, 1000).optional(),
  sequences: between(z.number().int(), 1, 64).optional(),
});

export const samplingSchema = z.object({
  temperature: between(z.number(), 0, 2).optional(),
  topP: between(z.number(), 0, 1).optional(),
  topK: between(z.number().int(), 0, 1000).optional(),
  repeatPenalty: between(z.number(), 1, 2).optional(),
  maxTokens: between(z.number().int(), 1, 1_000_000).optional(),
});

/**
 * What the worker samples with where neither the model nor the conversation sets a value: Hearth's
 * temperature, node-llama-cpp's own top-k and top-p, no repeat penalty (1).
 */
export const DEFAULT_SAMPLING = { temperature: 0.7, topK: 40, topP: 0.95, repeatPenalty: 1 } as const;

/** The value each settings field takes when left blank, shown in the field so a blank is never a mystery. */
export type EffectiveDefaults = typeof DEFAULT_SAMPLING & {
  contextSize: number;
  sequences: number | "auto";
  maxTokens: number;
};

export type LoadSettings = z.infer<typeof loadSettingsSchema>;
export type Sampling = z.infer<typeof samplingSchema>;

/** Settings as stored; anything unreadable counts as unset rather than breaking the model. */
export function readLoadSettings(json: unknown): LoadSettings {
  const parsed = loadSettingsSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}

export function readSampling(json: unknown): Sampling {
  const parsed = samplingSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}

// Per-model settings an admin edits: load settings (fixed while the model is loaded, so a request never
// forces a reload) and sampling defaults. Stored as JSON on the model row, validated here on both ends.
import { z } from "zod";

export const loadSettingsSchema = z.object({
  contextSize: z.number().int().min(128).max(1_048_576).optional(),
  gpuLayers: z.number().int().min(0).max(1000).optional(),
  sequences: z.number().int().min(1).max(64).optional(),
});

export const samplingSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.number().int().min(0).max(1000).optional(),
  repeatPenalty: z.number().min(1).max(2).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
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

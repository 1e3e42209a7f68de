import { z } from "zod";
import { loadSettingsSchema, samplingSchema } from "@/lib/models/settings";
import { registerModelSchema } from "../schema";

export const updateModelSchema = z.object({
  name: registerModelSchema.shape.name.optional(),
  description: z.string().trim().max(120).optional(),
  enabled: z.boolean().optional(),
  systemPrompt: z.string().max(8000).nullable().optional(),
  loadSettings: loadSettingsSchema.optional(),
  sampling: samplingSchema.optional(),
});

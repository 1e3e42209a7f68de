import { z } from "zod";

export const newConversationSchema = z.object({
  content: z.unknown(),
  modelId: z.string().min(1).max(64).nullish(),
});

export const newMessageSchema = z.object({ content: z.unknown() });

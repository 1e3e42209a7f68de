import { z } from "zod";

export const newConversationSchema = z.object({
  content: z.unknown(),
  modelId: z.string().min(1).max(64).nullish(),
});

/** editOf: the user message this one replaces, as a new branch beside it. */
export const newMessageSchema = z.object({ content: z.unknown(), editOf: z.string().min(1).max(64).nullish() });

/** leafId: the branch now on screen; modelId: the model for the next messages. */
export const updateConversationSchema = z
  .object({ leafId: z.string().min(1).max(64).optional(), modelId: z.string().min(1).max(64).optional() })
  .refine((input) => input.leafId !== undefined || input.modelId !== undefined, { message: "Nothing to change." });

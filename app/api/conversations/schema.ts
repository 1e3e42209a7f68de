import { z } from "zod";
import { conversationSettingsSchema } from "@/lib/conversation-settings";

export const newConversationSchema = conversationSettingsSchema.extend({
  content: z.unknown(),
  modelId: z.string().min(1).max(64).nullish(),
});

/** editOf: the user message this one replaces, as a new branch beside it. */
export const newMessageSchema = z.object({ content: z.unknown(), editOf: z.string().min(1).max(64).nullish() });

/** leafId: the branch now on screen; the rest applies to the next messages. */
export const updateConversationSchema = conversationSettingsSchema
  .extend({ leafId: z.string().min(1).max(64).optional(), modelId: z.string().min(1).max(64).optional() })
  .refine((input) => Object.values(input).some((value) => value !== undefined), { message: "nothingToChange" });

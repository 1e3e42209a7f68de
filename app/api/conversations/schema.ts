import { z } from "zod";
import { conversationSettingsSchema } from "@/lib/conversation-settings";

export const TITLE_MAX_LENGTH = 200;

export const newConversationSchema = conversationSettingsSchema.extend({
  content: z.unknown(),
  modelId: z.string().min(1).max(64).nullish(),
  /** The member's files the conversation uses from its first question on. */
  documentIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  /** Family collections the conversation uses from its first question on (those the member may use). */
  collectionIds: z.array(z.string().min(1).max(64)).max(20).optional(),
});

/** editOf: the user message this one replaces, as a new branch beside it. */
export const newMessageSchema = z.object({
  content: z.unknown(),
  editOf: z.string().min(1).max(64).nullish(),
  documentIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  collectionIds: z.array(z.string().min(1).max(64)).max(20).optional(),
});

/** leafId: the branch now on screen; the rest applies to the next messages. */
export const updateConversationSchema = conversationSettingsSchema
  .extend({
    leafId: z.string().min(1).max(64).optional(),
    modelId: z.string().min(1).max(64).optional(),
    title: z.string().trim().min(1).max(TITLE_MAX_LENGTH).optional(),
    pinned: z.boolean().optional(),
    archived: z.boolean().optional(),
    /** Into one of the member's folders, or out of any with null. */
    folderId: z.string().min(1).max(64).nullable().optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), { message: "nothingToChange" });

/** The sidebar's page query: ?archived=1 for the archived list, ?folder= for a folder's, ?cursor= for the next page. */
export const conversationListQuery = z.object({
  archived: z.enum(["0", "1"]).optional(),
  folder: z.string().min(1).max(64).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

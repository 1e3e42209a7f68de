// The Hearth JSON format of conversations ("hearth.conversations", version 1): the shape the export writes and
// the import reads, defined once here for both. Messages are listed parents before children, every branch
// included; unknown extra fields are ignored (zod strips them), so later versions may add some.
import { z } from "zod";

export const HEARTH_JSON_FORMAT = "hearth.conversations";
export const HEARTH_JSON_VERSION = 1;
/** The name of the JSON file inside a Hearth ZIP of everything. */
export const HEARTH_ZIP_JSON_NAME = "conversations.json";

// Any time Date can read: files from other servers or older versions may write it a little differently.
const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), { message: "invalidDate" });

export const hearthMessageSchema = z.object({
  id: z.string().min(1),
  parentId: z.string().min(1).nullable(),
  role: z.enum(["user", "assistant", "system"]),
  content: z.string(),
  /** done, stopped, failed; queued or generating when the export caught an answer being written. */
  status: z.string().min(1),
  /** The display name of the model that wrote it, or null. */
  model: z.string().nullable(),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
  promptTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  finishReason: z.string().nullable(),
});

export const hearthConversationSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  titleByUser: z.boolean(),
  pinned: z.boolean(),
  archived: z.boolean(),
  systemPrompt: z.string().nullable(),
  sampling: z.record(z.string(), z.unknown()),
  /** The display name of the conversation's model, or null. */
  model: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** The leaf of the branch on screen, or null. */
  currentMessageId: z.string().min(1).nullable(),
  messages: z.array(hearthMessageSchema),
});

export const hearthExportSchema = z.object({
  format: z.literal(HEARTH_JSON_FORMAT),
  version: z.literal(HEARTH_JSON_VERSION),
  exportedAt: isoTime,
  conversations: z.array(hearthConversationSchema),
});

export type HearthMessage = z.infer<typeof hearthMessageSchema>;
export type HearthConversation = z.infer<typeof hearthConversationSchema>;
export type HearthExport = z.infer<typeof hearthExportSchema>;

/**
 * The file written in pieces, so a long history never has to be one string: the opening, each conversation
 * (the first without a comma before it), the closing. Together they are exactly `JSON.stringify` of a
 * HearthExport.
 */
export const hearthJsonPieces = {
  opening: (exportedAt: Date): string =>
    `{"format":${JSON.stringify(HEARTH_JSON_FORMAT)},"version":${HEARTH_JSON_VERSION},"exportedAt":${JSON.stringify(exportedAt.toISOString())},"conversations":[`,
  conversation: (conversation: HearthConversation, first: boolean): string => `${first ? "" : ","}${JSON.stringify(conversation)}`,
  closing: "]}\n",
};

// Hearth's own export format ("hearth.conversations", version 1): one home for its shape, shared by the export
// that writes it and the import that reads it back. Unknown extra fields are ignored (later versions may add some).
import { z } from "zod";

export const HEARTH_JSON_FORMAT = "hearth.conversations";
export const HEARTH_JSON_VERSION = 1;

const isoDate = z.string().refine((text) => !Number.isNaN(Date.parse(text)), { message: "invalidDate" });

export const hearthMessageSchema = z.object({
  id: z.string().min(1),
  parentId: z.string().min(1).nullable(),
  role: z.enum(["user", "assistant", "system"]),
  content: z.string(),
  status: z.string(),
  model: z.string().nullable(),
  createdAt: isoDate,
  finishedAt: isoDate.nullable(),
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
  model: z.string().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  /** The leaf of the branch that was on screen. */
  currentMessageId: z.string().nullable(),
  /** Parents before children, every branch included. */
  messages: z.array(hearthMessageSchema),
});

export const hearthExportSchema = z.object({
  format: z.literal(HEARTH_JSON_FORMAT),
  version: z.literal(HEARTH_JSON_VERSION),
  exportedAt: isoDate,
  conversations: z.array(hearthConversationSchema),
});

export type HearthMessage = z.infer<typeof hearthMessageSchema>;
export type HearthConversation = z.infer<typeof hearthConversationSchema>;
export type HearthExport = z.infer<typeof hearthExportSchema>;

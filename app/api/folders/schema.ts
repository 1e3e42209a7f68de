import { z } from "zod";
import { FOLDER_NAME_MAX_CHARS, SYSTEM_PROMPT_MAX_CHARS } from "@/lib/conversation-settings";

const name = z.string().trim().min(1).max(FOLDER_NAME_MAX_CHARS);
/** The folder's instructions; empty or null: none. */
const systemPrompt = z.string().trim().max(SYSTEM_PROMPT_MAX_CHARS).nullable().optional();

export const newFolderSchema = z.object({ name, systemPrompt });

export const updateFolderSchema = z
  .object({ name: name.optional(), systemPrompt })
  .refine((input) => input.name !== undefined || input.systemPrompt !== undefined, { message: "nothingToChange" });

/** ?conversations=delete deletes the folder's conversations with it; by default they are kept, out of any folder. */
export const deleteFolderQuery = z.object({ conversations: z.enum(["keep", "delete"]).default("keep") });

import { z } from "zod";

/** The file's name as the member knows it (shown, never used on disk). */
export const documentNameSchema = z.object({ name: z.string().trim().min(1).max(255) });

export const attachDocumentsSchema = z.object({ documentIds: z.array(z.string().min(1).max(64)).min(1).max(20) });

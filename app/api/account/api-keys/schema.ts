import { z } from "zod";

/** expiresInDays: null or absent for a key that lasts until revoked. */
export const newApiKeySchema = z.object({
  name: z.string().trim().min(1, "apiKeyNameRequired").max(100),
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});

export const apiKeySettingsSchema = z.object({ showApiConversations: z.boolean() });

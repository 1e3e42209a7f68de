import { z } from "zod";
import { accountSchema } from "../signup/schema";

export const LOCALES = ["en", "zh-CN"] as const;

export const profileSchema = z
  .object({
    name: z.string().trim().min(1, "nameRequired").max(80).optional(),
    locale: z.enum(LOCALES).optional(),
  })
  .strict();

export const passwordChangeSchema = z.object({
  current: z.string().min(1, "currentPasswordRequired").max(1024),
  next: accountSchema.shape.password,
});

import { z } from "zod";

export const accountSchema = z.object({
  name: z.string().trim().min(1, "nameRequired").max(80),
  email: z.email("emailInvalid").max(320),
  password: z.string().min(8, "passwordTooShort").max(1024),
});

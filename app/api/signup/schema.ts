import { z } from "zod";

export const accountSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80),
  email: z.email("Enter a valid email address.").max(320),
  password: z.string().min(8, "Use at least 8 characters for the password.").max(1024),
});

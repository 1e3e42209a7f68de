import { z } from "zod";
import { accountSchema } from "../../signup/schema";

export const newUserSchema = accountSchema.extend({ role: z.enum(["admin", "member", "child"]).default("member") });

import { z } from "zod";
import { accountSchema } from "../../signup/schema";

const role = z.enum(["admin", "member", "child"]);

export const newUserSchema = accountSchema.extend({ role: role.default("member") });

export const userChangeSchema = z
  .object({
    role: role.optional(),
    status: z.enum(["active", "disabled"]).optional(),
    name: z.string().trim().min(1, "nameRequired").max(80).optional(),
  })
  .strict();

/** Deleting an account and its data needs its email typed again. */
export const deleteUserSchema = z.object({ confirmEmail: z.string().max(320) });

export const passwordResetSchema = z.object({ password: accountSchema.shape.password });

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "timeFormat")
  .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));

export const childLimitsSchema = z
  .object({
    allowedModelIds: z.array(z.string().min(1).max(64)).max(100).default([]),
    dailyTokenBudget: z.number().int().min(0).max(100_000_000).nullable().default(null),
    systemPrompt: z.string().max(8000).default(""),
    // Both ends or neither: half a range used to be dropped silently while the form said "Limits saved".
    allowedHours: z
      .object({ from: z.union([z.literal(""), clock]).default(""), until: z.union([z.literal(""), clock]).default("") })
      .refine(({ from, until }) => (from === "") === (until === ""), "hoursIncomplete")
      .nullable()
      .default(null),
  })
  .strict()
  .transform(({ allowedHours, ...rest }) => ({
    ...rest,
    allowedFrom: typeof allowedHours?.from === "number" ? allowedHours.from : null,
    allowedUntil: typeof allowedHours?.until === "number" ? allowedHours.until : null,
  }));

import { z } from "zod";

export const newInviteSchema = z.object({
  role: z.enum(["admin", "member", "child"]).default("member"),
  /** How long the link works, in hours (at most 30 days). */
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  /** Who the link is for ("for Grandpa"), so the list says which open link is whose. */
  note: z.string().trim().max(80, "inviteNoteTooLong").optional(),
});

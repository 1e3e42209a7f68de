import { z } from "zod";
import { COLLECTION_AUDIENCES } from "@/lib/collections/audience";

/** `#name` picks a collection in the composer: short enough for a list. */
const name = z.string().trim().min(1).max(60);

export const newCollectionSchema = z.object({
  name,
  description: z.string().trim().max(300).default(""),
  audience: z.enum(COLLECTION_AUDIENCES).default("everyone"),
});

export const updateCollectionSchema = z
  .object({ name: name.optional(), description: z.string().trim().max(300).optional(), audience: z.enum(COLLECTION_AUDIENCES).optional() })
  .refine((input) => Object.values(input).some((value) => value !== undefined), { message: "nothingToChange" });

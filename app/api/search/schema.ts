import { z } from "zod";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The search box's query string: q, and the filters (dates as YYYY-MM-DD, both ends included). */
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200),
  from: day.optional(),
  to: day.optional(),
  model: z.string().min(1).max(64).optional(),
  folder: z.string().min(1).max(64).optional(),
  archived: z.enum(["exclude", "include", "only"]).optional(),
});

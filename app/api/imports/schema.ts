import { z } from "zod";

/** The name of the uploaded file, shown back in the report; the server never uses it as a path. */
export const importUploadQuery = z.object({ name: z.string().trim().min(1).max(200).catch("export") });

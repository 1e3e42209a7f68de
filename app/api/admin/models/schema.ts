import { z } from "zod";
import { MODEL_NAME_PATTERN } from "@/lib/models/names";

export const registerModelSchema = z.object({
  name: z.string().trim().min(1, "modelNameRequired").max(80).regex(MODEL_NAME_PATTERN, "modelNameCharacters"),
  filePath: z.string().min(1, "modelFileRequired").max(1024),
  makeDefault: z.boolean().optional(),
});

import { z } from "zod";

export const registerModelSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "modelNameRequired")
    .max(80)
    .regex(/^[\p{L}\p{N} ._:()-]+$/u, "modelNameCharacters"),
  filePath: z.string().min(1, "modelFileRequired").max(1024),
  makeDefault: z.boolean().optional(),
});

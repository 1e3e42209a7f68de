import { z } from "zod";

export const registerModelSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the model a name.")
    .max(80)
    .regex(/^[\p{L}\p{N} ._:()-]+$/u, "Use letters, digits, spaces and . _ : ( ) - in the name."),
  filePath: z.string().min(1, "Choose a GGUF file.").max(1024),
  makeDefault: z.boolean().optional(),
});

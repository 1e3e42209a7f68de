import { z } from "zod";
import { checkRepo, checkRepoFilePath } from "@/lib/models/pull/source";

export const startPullSchema = z.object({
  repo: z
    .string()
    .max(200)
    .transform((repo) => checkRepo(repo)),
  file: z
    .string()
    .max(500)
    .transform((file) => checkRepoFilePath(file)),
});

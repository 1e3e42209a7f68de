// What a model file on disk holds, read before it is registered: the GGUF header of every part, checked
// and summed. The database side (lib/queries/models.ts) only stores what this returns.
import fs from "node:fs/promises";
import { AppError } from "../errors";
import { GgufError } from "../gguf/error";
import { readGgufHeader } from "../gguf/reader";
import { type GgufSummary, summarizeGguf } from "../gguf/summary";
import { modelFilePaths, resolveModelFile } from "./paths";

export type ModelFileFacts = GgufSummary & { relative: string; architecture: string; contextLength: number };

/** Resolves a path inside the models folder and reads its header; a file that is no usable model is a bad request. */
export async function readModelFile(modelsDir: string, filePath: string): Promise<ModelFileFacts> {
  const { absolute, relative } = await resolveModelFile(modelsDir, filePath);
  let info: GgufSummary;
  try {
    info = await summarizeModelFiles(absolute, relative);
  } catch (error) {
    if (error instanceof GgufError) throw new AppError("bad_request", "modelNotGguf", { path: relative, detail: error.message });
    throw error;
  }
  const { architecture, contextLength } = info;
  if (!architecture || !contextLength) throw new AppError("bad_request", "modelIncomplete", { path: relative });
  return { ...info, relative, architecture, contextLength };
}

/** The header's facts, with size and parameters summed over every part of a split model (all must be there). */
async function summarizeModelFiles(absolute: string, relative: string): Promise<GgufSummary> {
  const files = modelFilePaths(absolute);
  const sizes = await Promise.all(
    files.map((f) =>
      fs.stat(f).then(
        (s) => s.size,
        () => null,
      ),
    ),
  );
  const missing = sizes.indexOf(null);
  if (missing >= 0) throw new AppError("bad_request", "modelPartMissing", { path: relative, part: missing + 1, count: files.length });
  const size = sizes.reduce((sum: number, s) => sum + (s ?? 0), 0);
  const info = summarizeGguf(await readGgufHeader(absolute), size);
  for (const part of files.slice(1)) info.parameterCount += summarizeGguf(await readGgufHeader(part), 0).parameterCount;
  return info;
}

/** Deletes a registered model's files (every part). The path was confined when registered; it is resolved again
 * in case the folder changed since, and a file already gone is no error. */
export async function removeModelFiles(modelsDir: string, filePath: string): Promise<void> {
  const file = await resolveModelFile(modelsDir, filePath).catch(() => null);
  if (file) await Promise.all(modelFilePaths(file.absolute).map((f) => fs.rm(f, { force: true })));
}

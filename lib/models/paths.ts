// Model files live under HEARTH_MODELS_DIR; every path a user gives is resolved and confined there.
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors";
import { modelParts } from "./pull/source";

/** Resolves a user-given path (relative to the models directory) to a real file inside it. */
export async function resolveModelFile(modelsDir: string, userPath: string): Promise<{ absolute: string; relative: string }> {
  const trimmed = userPath.trim();
  if (!trimmed || trimmed.includes("\0")) throw new AppError("bad_request", "modelPathRequired");
  const root = await fs.realpath(modelsDir).catch(() => {
    throw new AppError("unavailable", "modelsFolderMissing", { dir: modelsDir });
  });
  const candidate = path.resolve(root, trimmed);
  if (!isInside(root, candidate)) {
    throw new AppError("bad_request", "modelPathOutside");
  }
  const real = await fs.realpath(candidate).catch(() => {
    throw new AppError("bad_request", "modelFileMissing", { path: trimmed });
  });
  // A symlink pointing out of the models folder is refused like a ../ path.
  if (!isInside(root, real)) throw new AppError("bad_request", "modelPathOutside");
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new AppError("bad_request", "modelNotAFile", { path: trimmed });
  return { absolute: real, relative: path.relative(root, real) };
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The .gguf files under the models folder, relative paths, for the admin's picker. */
export async function listModelFiles(modelsDir: string): Promise<{ path: string; sizeBytes: number }[]> {
  const found: { path: string; sizeBytes: number }[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 4) return;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      // Dot folders hold partial downloads and uploads: never offered as models.
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, depth + 1);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith(".gguf")) {
        const stat = await fs.stat(full);
        found.push({ path: path.relative(modelsDir, full), sizeBytes: stat.size });
      }
    }
  };
  await walk(modelsDir, 0);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** The files of the model at `absolute`: every part of a split model (beside its first part), else itself. */
export function modelFilePaths(absolute: string): string[] {
  const dir = path.dirname(absolute);
  return modelParts(path.basename(absolute)).map((name) => path.join(dir, name));
}

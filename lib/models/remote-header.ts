// A model's GGUF header read from the Hub with Range requests (a few MB, never the whole file), checked by
// Hearth's bounded reader before anything else parses it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "../errors";
import { GgufError } from "../gguf/error";
import { type GgufHeader, readGgufHeader } from "../gguf/reader";
import { fetchFileStart } from "./pull/huggingface";

const FIRST_READ = 4 * 1024 * 1024;
const MAX_READ = 64 * 1024 * 1024;

export type RemoteHeader = { header: GgufHeader; headerPath: string; cleanup: () => Promise<void> };

/** Downloads the header bytes into a temporary file (for node-llama-cpp's insights) and validates them. */
export async function readRemoteHeader(repo: string, file: string, sizeBytes: number): Promise<RemoteHeader> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-header-"));
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  const headerPath = path.join(dir, "header.gguf");
  try {
    for (let length = Math.min(FIRST_READ, sizeBytes); ; length = Math.min(length * 4, sizeBytes)) {
      await fs.writeFile(headerPath, await fetchFileStart(repo, file, length));
      try {
        const header = await readGgufHeader(headerPath, { wholeFileSize: sizeBytes });
        return { header, headerPath, cleanup };
      } catch (error) {
        // The header runs past what was fetched: fetch more, within reason.
        const more = error instanceof GgufError && error.code === "truncated" && length < sizeBytes && length < MAX_READ;
        if (more) continue;
        if (error instanceof GgufError)
          throw new AppError("bad_request", "modelNotGguf", { path: file, detail: error.message.replaceAll(headerPath, file) });
        throw error;
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
}

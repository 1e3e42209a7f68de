// A model uploaded from the browser: streamed to a temporary file (never held in memory), checked, then
// moved under a name the server chooses. Whatever fails leaves nothing behind.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { registerModel } from "../queries/models";
import { checkFreeDisk } from "./disk";

export async function saveUploadedModel(input: { body: ReadableStream<Uint8Array> | null; declaredSize: number; name: string }) {
  const { modelsDir, HEARTH_MAX_UPLOAD_BYTES: maxBytes, HEARTH_MIN_FREE_DISK_BYTES: floor } = getEnv();
  if (!input.body || !Number.isSafeInteger(input.declaredSize) || input.declaredSize <= 0) {
    throw new AppError("bad_request", "uploadNeedsLength");
  }
  if (input.declaredSize > maxBytes) {
    throw new AppError("too_large", "uploadTooLarge", { size: input.declaredSize, limit: maxBytes });
  }
  const id = randomBytes(12).toString("hex");
  const temp = path.join(modelsDir, ".uploads", `${id}.part`);
  const relative = path.join("uploads", `${id}.gguf`);
  const final = path.join(modelsDir, relative);
  await fs.promises.mkdir(path.dirname(temp), { recursive: true });
  // The same floor as pulls; the bytes written never pass declaredSize (see `count`), so one check suffices.
  await checkFreeDisk({ dir: path.dirname(temp), needed: input.declaredSize, floor, key: "uploadNoRoom" });
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > input.declaredSize) done(new AppError("bad_request", "uploadTooLong"));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(input.body as WebReadableStream<Uint8Array>), count, fs.createWriteStream(temp, { flags: "wx" }));
    if (received !== input.declaredSize) {
      throw new AppError("bad_request", "uploadCutShort", { received, size: input.declaredSize });
    }
    await fs.promises.mkdir(path.dirname(final), { recursive: true });
    await fs.promises.rename(temp, final);
    return await registerModel({ name: input.name, filePath: relative });
  } catch (error) {
    await Promise.all([fs.promises.rm(temp, { force: true }), fs.promises.rm(final, { force: true })]);
    const paths = [final, temp, relative, modelsDir];
    if (error instanceof AppError) throw withoutServerPaths(error, paths, input.name);
    throw withoutServerPaths(new AppError("bad_request", "uploadIncomplete", { detail: (error as Error).message }), paths, input.name);
  }
}

/**
 * The file's checks speak of it by its place on the server ("uploads/3f…e1.gguf is not…"); the person who
 * uploaded it knows it by the name they gave it, and where the server keeps files is none of the browser's business.
 */
function withoutServerPaths(error: AppError, paths: string[], name: string): AppError {
  const values = Object.fromEntries(
    Object.entries(error.values).map(([key, value]) => [
      key,
      typeof value === "string" ? paths.reduce((text, p) => text.replaceAll(p, `“${name}”`), value) : value,
    ]),
  );
  return new AppError(error.code, error.key, values);
}

// An export uploaded from the account page: streamed to a file under HEARTH_DATA_DIR/imports with a name the
// server chooses (never held in memory, never past HEARTH_IMPORT_MAX_MB), checked by its first bytes, then
// imported in the background. The file is deleted when the import ends, whatever happened.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import { discardBody } from "../../http/discard-body";
import { getLogger } from "../../log";
import { checkFreeDisk } from "../../models/disk";
import { createImport, failAbandonedImports, hasRunningImport, type ImportView } from "../../queries/imports";
import { readHead, sniff } from "./read";
import { runImport, runningImports } from "./run";

const tooLarge = (limitMb: number) => new AppError("too_large", "importTooLarge", { limit: limitMb });

async function saveBody(body: ReadableStream<Uint8Array>, file: string, limitBytes: number, limitMb: number): Promise<void> {
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limitBytes) done(tooLarge(limitMb));
      else done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), count, fs.createWriteStream(file, { flags: "wx" }));
  if (received === 0) throw new AppError("bad_request", "importEmptyFile");
}

export async function startImport(input: {
  userId: string;
  fileName: string;
  body: ReadableStream<Uint8Array> | null;
  declaredSize: number | null;
}): Promise<ImportView> {
  const env = getEnv();
  const limitMb = env.HEARTH_IMPORT_MAX_MB;
  const limitBytes = limitMb * 1024 ** 2;
  if (!input.body) throw new AppError("bad_request", "importEmptyFile");
  // The declared size is the browser's word: refused at once when too large, counted anyway while saving.
  if (input.declaredSize !== null && input.declaredSize > limitBytes) {
    await discardBody(input.body);
    throw tooLarge(limitMb);
  }
  await failAbandonedImports(input.userId, runningImports);
  if (await hasRunningImport(input.userId)) throw new AppError("conflict", "importRunning");
  const dir = path.join(env.dataDir, "imports");
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  await checkFreeDisk({ dir, needed: input.declaredSize ?? 0, floor: env.HEARTH_MIN_FREE_DISK_BYTES, key: "uploadNoRoom" });
  const file = path.join(dir, `${randomBytes(12).toString("hex")}.upload`);
  try {
    await saveBody(input.body, file, limitBytes, limitMb);
    const kind = sniff(await readHead(file));
    if (!kind) throw new AppError("bad_request", "importUnknownFile");
    const { size } = await fs.promises.stat(file);
    const started = await createImport({ userId: input.userId, fileName: input.fileName, totalBytes: size });
    // Not awaited: the page polls the row for progress. runImport records its own failures and deletes the file.
    runImport({ importId: started.id, userId: input.userId, file, kind: kind === "zip" ? "zip" : "json" }).catch((error: unknown) =>
      getLogger().error({ err: error, importId: started.id }, "import crashed"),
    );
    return started;
  } catch (error) {
    await fs.promises.rm(file, { force: true });
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "importUploadIncomplete");
  }
}

// A member's (or, from the admin, a family collection's) file uploaded from the browser: streamed to disk (never held in memory) while hashed and
// counted, its kind told by its bytes, then kept under a name the server chooses and queued for reading.
// Whatever fails leaves nothing behind.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "../errors";
import { createDocument, type DocumentOwner, type DocumentView, documentBytesOf } from "../queries/documents";
import { DOCUMENT_MIME, SNIFF_BYTES, sniffKind } from "./kinds";
import { documentLimits, documentsDir } from "./limits";
import { addDocumentJob } from "./queue";

/** role: the uploader's, for the size limits; a collection's files count against the collection's total. */
type Upload = { owner: DocumentOwner; role: string; name: string; body: ReadableStream<Uint8Array> | null; declaredSize: number };

export async function saveUploadedDocument(input: Upload): Promise<DocumentView> {
  const limits = documentLimits(input.role);
  if (!input.body || !Number.isSafeInteger(input.declaredSize) || input.declaredSize < 0)
    throw new AppError("bad_request", "uploadNeedsLength");
  if (input.declaredSize === 0) throw new AppError("bad_request", "documentEmpty");
  if (input.declaredSize > limits.perFile)
    throw new AppError("too_large", "documentTooLarge", { size: input.declaredSize, limit: limits.perFile });
  const total = (await documentBytesOf(input.owner)) + input.declaredSize;
  if (total > limits.perMember) {
    const full = "collectionId" in input.owner ? "collectionQuotaFull" : "documentQuotaFull";
    throw new AppError("too_large", full, { total, limit: limits.perMember });
  }

  const id = randomBytes(12).toString("hex");
  const dir = documentsDir();
  const temp = path.join(dir, ".uploads", `${id}.part`);
  await fs.promises.mkdir(path.dirname(temp), { recursive: true, mode: 0o700 });
  const received = new Received(input.declaredSize);
  let final: string | null = null;
  try {
    await pipeline(
      Readable.fromWeb(input.body as WebReadableStream<Uint8Array>),
      received,
      fs.createWriteStream(temp, { flags: "wx", mode: 0o600 }),
    );
    if (received.bytes !== input.declaredSize)
      throw new AppError("bad_request", "uploadCutShort", { received: received.bytes, size: input.declaredSize });
    const kind = sniffKind(received.head(), input.name);
    if (!kind) throw new AppError("bad_request", "documentKindUnknown");
    const storedName = `${id}.${kind}`;
    final = path.join(dir, storedName);
    await fs.promises.rename(temp, final);
    const document = await createDocument({
      owner: input.owner,
      name: input.name,
      mime: DOCUMENT_MIME[kind],
      bytes: received.bytes,
      sha256: received.sha256(),
      storedName,
    });
    await addDocumentJob({ kind: "index", documentId: document.id });
    return document;
  } catch (error) {
    await Promise.all([fs.promises.rm(temp, { force: true }), final ? fs.promises.rm(final, { force: true }) : null]);
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "uploadIncomplete", { detail: (error as Error).message.replaceAll(dir, "") });
  }
}

/** Passes the bytes on while counting and hashing them, keeps the head for the kind check, and stops past the size. */
class Received extends Transform {
  bytes = 0;
  private readonly hash = createHash("sha256");
  private readonly headParts: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(new AppError("bad_request", "uploadTooLong"));
      return;
    }
    this.hash.update(chunk);
    if (this.headBytes < SNIFF_BYTES) {
      this.headParts.push(chunk);
      this.headBytes += chunk.length;
    }
    done(null, chunk);
  }

  head(): Uint8Array {
    return Buffer.concat(this.headParts).subarray(0, SNIFF_BYTES);
  }

  sha256(): string {
    return this.hash.digest("hex");
  }
}

/** Removes a deleted file's bytes; a file already gone is fine. */
export async function removeDocumentFile(storedName: string): Promise<void> {
  await fs.promises.rm(path.join(documentsDir(), path.basename(storedName)), { force: true });
}

// Reads an uploaded export as a stream of conversations, never the whole file at once: a JSON file through a
// streaming parser (one conversation assembled at a time), a ZIP entry by entry with its total size capped.
import fs from "node:fs";
import { pipeline, type Readable, Transform } from "node:stream";
import StreamJson from "stream-json";
import Pick from "stream-json/filters/Pick";
import StreamArray from "stream-json/streamers/StreamArray";
import yauzl from "yauzl";
import type { ErrorKey } from "../../i18n/config";

/** Why a whole file cannot be read (what was imported before stays); `key` is in the catalogues' `errors`. */
export class ImportFileError extends Error {
  constructor(
    readonly key: ErrorKey,
    readonly values: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

export type ZipLimits = { maxUnzippedBytes: number; maxEntries: number };

/** One element of an export's list of conversations, as parsed; `hearth` when it came from Hearth's own file. */
export type RawConversation = { value: unknown; fromHearthFile: boolean };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** What the first bytes say a file is: a ZIP archive, a JSON list ([) or object ({), or neither. */
export function sniff(head: Buffer): "zip" | "json-array" | "json-object" | null {
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return "zip";
  const text = head
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  return text.startsWith("[") ? "json-array" : text.startsWith("{") ? "json-object" : null;
}

export async function readHead(file: string, bytes = 64): Promise<Buffer> {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Counts the bytes that pass, for the progress bar. */
function counter(onBytes: (count: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/** The conversations of one JSON document: a top-level list, or Hearth's object with its `conversations` list. */
async function* conversationsOfJson(source: Readable, kind: "json-array" | "json-object", onBytes: (n: number) => void) {
  // stream-json is CommonJS: its functions are reached through the default export.
  const stages = [
    StreamJson.parser({ streamValues: false }),
    ...(kind === "json-object" ? [Pick.pick({ filter: "conversations" })] : []),
    StreamArray.streamArray(),
  ];
  // pipeline destroys every stage when one fails, so a parse error reaches the loop below as an exception.
  const output = pipeline([source, counter(onBytes), ...stages] as unknown as [Readable, Transform], () => {}) as unknown as Readable;
  try {
    for await (const item of output) {
      yield { value: (item as { value: unknown }).value, fromHearthFile: kind === "json-object" } satisfies RawConversation;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError("importBrokenJson", { detail: String((error as Error).message).slice(0, 200) });
  } finally {
    source.destroy();
  }
}

/** The first chunk of a stream, which is then closed (an entry is opened again to be parsed). */
async function firstChunk(stream: Readable): Promise<Buffer> {
  try {
    for await (const chunk of stream) return (chunk as Buffer).subarray(0, 64);
    return Buffer.alloc(0);
  } finally {
    stream.destroy();
  }
}

export async function* readJsonFile(file: string, onBytes: (n: number) => void): AsyncGenerator<RawConversation> {
  const kind = sniff(await readHead(file));
  if (kind !== "json-array" && kind !== "json-object") throw new ImportFileError("importUnknownFile");
  // Small reads: the parser turns a whole chunk into tokens at once, and a 256 KB chunk's tokens lived long enough to
  // reach the old heap (reading a 40 MB export alone grew the memory by 78 MB with 256 KB reads, 34 MB with 16 KB).
  yield* conversationsOfJson(fs.createReadStream(file, { highWaterMark: 16 * 1024 }), kind, onBytes);
}

/** ChatGPT's ZIP holds conversations.json, or since 2025 conversations-000.json, -001… ; Hearth's conversations.json. */
export function conversationEntries(names: string[]): string[] {
  const split = names.filter((name) => /(^|\/)conversations-\d+\.json$/i.test(name)).sort();
  return split.length ? split : names.filter((name) => /(^|\/)conversations\.json$/i.test(name));
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error || !zip ? reject(new ImportFileError("importBadZip")) : resolve(zip),
    ),
  );
}

async function listEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<yauzl.Entry[]> {
  if (zip.entryCount > limits.maxEntries) throw new ImportFileError("importZipTooManyEntries", { limit: limits.maxEntries });
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve());
    zip.on("error", () => reject(new ImportFileError("importBadZip")));
    zip.readEntry();
  });
  return entries;
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(new ImportFileError("importBadZip")) : resolve(stream))),
  );
}

/** The ZIP's conversation files, in order; refused before any is read when they would unpack past the cap. */
export async function* readZipFile(
  file: string,
  limits: ZipLimits,
  onTotal: (bytes: number) => void,
  onBytes: (n: number) => void,
): AsyncGenerator<RawConversation> {
  const zip = await openZip(file);
  try {
    const entries = await listEntries(zip, limits);
    const chosen = conversationEntries(entries.map((e) => e.fileName)).map(
      (name) => entries.find((e) => e.fileName === name) as yauzl.Entry,
    );
    if (chosen.length === 0) throw new ImportFileError("importZipNoConversations");
    // yauzl checks each entry's real length against the size its header declares, so this sum is a real cap.
    const total = chosen.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    if (total > limits.maxUnzippedBytes) {
      throw new ImportFileError("importZipTooBig", { limit: Math.round(limits.maxUnzippedBytes / 1024 ** 2) });
    }
    onTotal(total);
    for (const entry of chosen) {
      const head = await firstChunk(await entryStream(zip, entry));
      const kind = sniff(head);
      if (kind !== "json-array" && kind !== "json-object") throw new ImportFileError("importUnknownFile");
      yield* conversationsOfJson(await entryStream(zip, entry), kind, onBytes);
    }
  } finally {
    zip.close();
  }
}

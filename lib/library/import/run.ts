// Runs one import in the background of the web process: reads the saved file as a stream, converts and stores
// one conversation at a time (memory stays bounded whatever the file's size), and keeps the progress and the
// report in its ConversationImport row for the account page to poll.
import "server-only";
import fs from "node:fs";
import type pg from "pg";
import { getEnv } from "../../env";
import { getLogger } from "../../log";
import { type ImportFailure, saveImportProgress } from "../../queries/imports";
import { fromChatGpt, isChatGptConversation } from "./chatgpt";
import { type ImportedConversation, type ImportFormat, UnreadableConversation } from "./conversation";
import { fromHearth } from "./hearth";
import { fromOpenWebUi, isOpenWebUiChat } from "./open-webui";
import { ImportFileError, type RawConversation, readJsonFile, readZipFile } from "./read";
import { installedModels, openImportConnections, storeConversation } from "./store";

/** Failures listed in the report; past this many only the count grows. */
const MAX_LISTED_FAILURES = 500;
const PROGRESS_EVERY_MS = 500;
const STORES_AT_ONCE = 4;

/** Imports running in this process: any other row still "running" was left by a stopped server. */
export const runningImports = new Set<string>();

function convert(raw: RawConversation): ImportedConversation {
  if (raw.fromHearthFile) return fromHearth(raw.value);
  if (!raw.value || typeof raw.value !== "object" || Array.isArray(raw.value)) throw new UnreadableConversation("notAConversation");
  const value = raw.value as Record<string, unknown>;
  if (isChatGptConversation(value)) return fromChatGpt(value);
  if (isOpenWebUiChat(value)) return fromOpenWebUi(value);
  throw new UnreadableConversation("notAConversation");
}

function titleOf(value: unknown): string | null {
  const title = value && typeof value === "object" ? (value as { title?: unknown }).title : null;
  return typeof title === "string" ? title.slice(0, 200) : null;
}

type Report = {
  imported: number;
  duplicates: number;
  failures: ImportFailure[];
  failed: number;
  format: ImportFormat | null;
  unknownModels: Set<string>;
};

export async function runImport(input: { importId: string; userId: string; file: string; kind: "zip" | "json" }): Promise<void> {
  const { importId, userId, file } = input;
  runningImports.add(importId);
  const env = getEnv();
  const report: Report = { imported: 0, duplicates: 0, failures: [], failed: 0, format: null, unknownModels: new Set() };
  let readBytes = 0;
  let totalBytes = (await fs.promises.stat(file)).size;
  let lastSaved = Date.now();
  const progress = () => ({
    format: report.format,
    totalBytes,
    readBytes,
    imported: report.imported,
    duplicates: report.duplicates,
    failures: report.failures,
    unknownModels: [...report.unknownModels].slice(0, 50),
  });
  // A few conversations are stored at once while the next ones are parsed; the window bounds the memory.
  const inFlight = new Set<Promise<void>>();
  const db = openImportConnections(STORES_AT_ONCE);
  const onBytes = (count: number) => {
    readBytes += count;
  };
  try {
    const models = await installedModels();
    const conversations =
      input.kind === "zip"
        ? readZipFile(
            file,
            { maxUnzippedBytes: env.HEARTH_IMPORT_MAX_UNZIPPED_MB * 1024 ** 2, maxEntries: 10_000 },
            (total) => {
              totalBytes = total;
            },
            onBytes,
          )
        : readJsonFile(file, onBytes);
    let index = 0;
    for await (const raw of conversations) {
      const stored: Promise<void> = importOne({ raw, index: index++, userId, db, models, report }).finally(() => inFlight.delete(stored));
      inFlight.add(stored);
      if (inFlight.size >= STORES_AT_ONCE) await Promise.race(inFlight);
      if (Date.now() - lastSaved > PROGRESS_EVERY_MS) {
        lastSaved = Date.now();
        await saveImportProgress(importId, progress());
      }
    }
    await Promise.all(inFlight);
    await saveImportProgress(importId, { ...progress(), readBytes: totalBytes, status: "done" });
  } catch (error) {
    const key = error instanceof ImportFileError ? error.key : "importFailed";
    if (!(error instanceof ImportFileError)) getLogger().error({ err: error, importId }, "import failed");
    await Promise.allSettled(inFlight);
    await saveImportProgress(importId, { ...progress(), status: "failed", error: key }).catch(() => {});
  } finally {
    await db.end().catch(() => {});
    runningImports.delete(importId);
    await fs.promises.rm(file, { force: true });
  }
}

async function importOne(input: {
  raw: RawConversation;
  index: number;
  userId: string;
  db: pg.Pool;
  models: Map<string, string>;
  report: Report;
}) {
  const { raw, index, report } = input;
  const fail = (reason: string) => {
    report.failed++;
    if (report.failures.length < MAX_LISTED_FAILURES) report.failures.push({ index, title: titleOf(raw.value), reason });
  };
  let conversation: ImportedConversation;
  try {
    conversation = convert(raw);
  } catch (error) {
    if (error instanceof UnreadableConversation) return fail(error.reason);
    return fail("notAConversation");
  }
  report.format ??= conversation.format;
  for (const name of [conversation.modelName, ...conversation.messages.map((m) => m.modelName)]) {
    if (name && report.unknownModels.size < 50 && !input.models.has(name.toLowerCase())) report.unknownModels.add(name);
  }
  try {
    const outcome = await storeConversation({ db: input.db, userId: input.userId, conversation, models: input.models });
    if (outcome === "imported") report.imported++;
    else report.duplicates++;
  } catch (error) {
    getLogger().warn({ err: error, index }, "imported conversation not stored");
    fail("notStored");
  }
}

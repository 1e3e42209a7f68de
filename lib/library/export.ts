// Exports as HTTP responses: one conversation (Markdown or Hearth JSON), or everything (Hearth JSON, or a ZIP
// of conversations.json plus one Markdown file per conversation). Everything is streamed: the database is
// read page by page only as fast as the client downloads, so a long history never sits in memory.
import "server-only";
import { Zip, ZipDeflate } from "fflate";
import { AppError } from "../errors";
import { getTranslator } from "../i18n/server";
import { exportConversations } from "../queries/export";
import { attachmentDisposition, safeFileName, uniqueNames } from "./file-names";
import { HEARTH_ZIP_JSON_NAME, type HearthConversation, hearthJsonPieces } from "./hearth-json";
import { conversationMarkdown, type MarkdownLabels } from "./markdown";

const encoder = new TextEncoder();

async function markdownLabels(): Promise<MarkdownLabels> {
  const t = await getTranslator();
  return { you: t("export.you"), assistant: t("export.assistant"), system: t("export.system") };
}

function download(body: BodyInit, fileName: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": attachmentDisposition(fileName),
      "Cache-Control": "private, no-store",
    },
  });
}

/** A pull-driven stream: the next chunk is made only when the client has taken the last one. */
function streamOf(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** One of the member's conversations as Markdown (the branch on screen) or Hearth JSON (everything). */
export async function exportOneResponse(input: { userId: string; conversationId: string; format: "markdown" | "json" }) {
  const { value: conversation } = await exportConversations(input).next();
  if (!conversation) throw new AppError("not_found", "conversationNotFound");
  if (input.format === "markdown") {
    const text = conversationMarkdown(conversation, await markdownLabels());
    return download(text, safeFileName(conversation.title, "md"), "text/markdown; charset=utf-8");
  }
  const json = hearthJsonPieces.opening(new Date()) + hearthJsonPieces.conversation(conversation, true) + hearthJsonPieces.closing;
  return download(json, safeFileName(conversation.title, "json"), "application/json; charset=utf-8");
}

async function* hearthJsonChunks(conversations: AsyncIterable<HearthConversation>, exportedAt: Date): AsyncGenerator<Uint8Array> {
  yield encoder.encode(hearthJsonPieces.opening(exportedAt));
  let first = true;
  for await (const conversation of conversations) {
    yield encoder.encode(hearthJsonPieces.conversation(conversation, first));
    first = false;
  }
  yield encoder.encode(hearthJsonPieces.closing);
}

/**
 * The ZIP, written entry after entry. fflate holds back an entry's output until the entries before it are
 * finished, so conversations.json is written whole first and the Markdown files after it, in a second pass
 * over the database, rather than side by side.
 */
async function* zipChunks(userId: string, labels: MarkdownLabels, exportedAt: Date): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else ready.push(data);
  });
  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  const json = new ZipDeflate(HEARTH_ZIP_JSON_NAME, { level: 6 });
  json.mtime = exportedAt;
  zip.add(json);
  for await (const chunk of hearthJsonChunks(exportConversations({ userId }), exportedAt)) {
    json.push(chunk);
    yield* drain();
  }
  json.push(new Uint8Array(0), true);
  const name = uniqueNames();
  for await (const conversation of exportConversations({ userId })) {
    const file = new ZipDeflate(`markdown/${name(safeFileName(conversation.title, "md"))}`, { level: 6 });
    file.mtime = new Date(conversation.updatedAt);
    zip.add(file);
    file.push(encoder.encode(conversationMarkdown(conversation, labels)), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** Everything of the member's, as one Hearth JSON file or as a ZIP; named by the day. */
export async function exportAllResponse(input: { userId: string; format: "zip" | "json" }) {
  const exportedAt = new Date();
  const day = exportedAt.toISOString().slice(0, 10);
  if (input.format === "json") {
    const chunks = hearthJsonChunks(exportConversations({ userId: input.userId }), exportedAt);
    return download(streamOf(chunks), `hearth-export-${day}.json`, "application/json; charset=utf-8");
  }
  const chunks = zipChunks(input.userId, await markdownLabels(), exportedAt);
  return download(streamOf(chunks), `hearth-export-${day}.zip`, "application/zip");
}

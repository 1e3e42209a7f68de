// Generated exports for import tests and the import bench: ChatGPT (one conversations.json, or the newer ZIP
// of conversations-NNN.json), Open WebUI and Hearth JSON, with branches, Chinese, broken entries and hostile text.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { HEARTH_JSON_FORMAT, HEARTH_JSON_VERSION, type HearthConversation } from "@/lib/library/hearth-json";

export const XSS_TEXT = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> 危险的文字`;

/**
 * One ChatGPT conversation: a hidden system root, a question, two versions of the answer (the second on
 * screen) and a follow-up under the second, plus code, tool output, an image and a file on that branch.
 */
export function chatGptConversation(o: { id?: string; title?: string | null; text?: string; createTime?: number; pad?: number } = {}) {
  const id = o.id ?? randomUUID();
  const t = o.createTime ?? 1_700_000_000;
  const text = o.text ?? "Hello";
  const pad = o.pad ? ` ${"x".repeat(o.pad)}` : "";
  const node = (nid: string, parent: string | null, children: string[], message: Record<string, unknown> | null) => [
    nid,
    { id: nid, parent, children, message: message && { id: nid, ...message } },
  ];
  const msg = (role: string, content: Record<string, unknown>, at: number, metadata: Record<string, unknown> = {}) => ({
    author: { role, name: null, metadata: {} },
    create_time: at,
    content,
    status: "finished_successfully",
    metadata,
  });
  const mapping = Object.fromEntries([
    node("root", null, ["sys"], null),
    node(
      "sys",
      "root",
      ["q1"],
      msg("system", { content_type: "text", parts: ["You are ChatGPT, hidden."] }, t, { is_visually_hidden_from_conversation: true }),
    ),
    node("q1", "sys", ["a1", "a2"], msg("user", { content_type: "text", parts: [`${text} question${pad}`] }, t + 1)),
    node(
      "a1",
      "q1",
      [],
      msg("assistant", { content_type: "text", parts: ["first answer (old version)"] }, t + 2, { model_slug: "gpt-4o" }),
    ),
    node(
      "a2",
      "q1",
      ["code"],
      msg("assistant", { content_type: "text", parts: [`second answer ${text}`] }, t + 3, { model_slug: "gpt-4o" }),
    ),
    node("code", "a2", ["tool"], msg("assistant", { content_type: "code", language: "python", text: "print(1 + 1)" }, t + 4)),
    node("tool", "code", ["q2"], msg("tool", { content_type: "execution_output", text: "2" }, t + 5)),
    node(
      "q2",
      "tool",
      ["a3"],
      msg(
        "user",
        {
          content_type: "multimodal_text",
          parts: [{ content_type: "image_asset_pointer", asset_pointer: "file-service://x" }, "what is this?"],
        },
        t + 6,
        {
          attachments: [{ name: "report.pdf", id: "file-1" }],
        },
      ),
    ),
    node("a3", "q2", [], msg("assistant", { content_type: "text", parts: ["a picture"] }, t + 7, { model_slug: "gpt-4o" })),
  ]);
  return {
    id,
    conversation_id: id,
    title: o.title === undefined ? `Chat ${text}` : o.title,
    create_time: t,
    update_time: t + 7,
    mapping,
    current_node: "a3",
    default_model_slug: "gpt-4o",
  };
}

/** Entries that cannot be read as conversations, each for another reason. */
export const brokenChatGptEntries = [
  { id: "broken-1", title: "Broken: no messages", create_time: 1_700_000_000, mapping: {}, current_node: null },
  42,
  { id: "broken-3", title: "Broken: not a known format", something: true },
];

export function openWebUiChat(o: { id?: string; title?: string; text?: string } = {}) {
  const id = o.id ?? randomUUID();
  const text = o.text ?? "Hello";
  const m = (mid: string, parentId: string | null, childrenIds: string[], role: string, content: string, timestamp: number, extra = {}) => [
    mid,
    { id: mid, parentId, childrenIds, role, content, timestamp, ...extra },
  ];
  const messages = Object.fromEntries([
    m("u1", null, ["b1", "b2"], "user", `${text} from Open WebUI`, 1_710_000_001),
    m("b1", "u1", [], "assistant", "old answer", 1_710_000_002, { model: "llama3:8b" }),
    m("b2", "u1", [], "assistant", `new answer ${text}`, 1_710_000_003, { model: "llama3:8b" }),
  ]);
  return {
    id,
    user_id: "someone",
    title: o.title ?? `WebUI ${text}`,
    chat: { id: "", title: o.title ?? `WebUI ${text}`, models: ["llama3:8b"], history: { messages, currentId: "b1" }, messages: [] },
    created_at: 1_710_000_000,
    updated_at: 1_710_000_003,
    pinned: false,
    archived: false,
  };
}

export function hearthConversation(o: { id?: string; title?: string } = {}): HearthConversation {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 2, 3, 4, s)).toISOString();
  const base = { status: "done", model: null, finishedAt: null, promptTokens: null, outputTokens: null, finishReason: null };
  return {
    id: o.id ?? randomUUID(),
    title: o.title ?? "From another Hearth",
    titleByUser: true,
    pinned: true,
    archived: false,
    systemPrompt: "Be brief.",
    sampling: {},
    model: "Tiny",
    createdAt: at(0),
    updatedAt: at(9),
    currentMessageId: "h3",
    messages: [
      { ...base, id: "h1", parentId: null, role: "user", content: "你好，Hearth", createdAt: at(1) },
      {
        ...base,
        id: "h2",
        parentId: "h1",
        role: "assistant",
        content: "first version",
        model: "Tiny",
        createdAt: at(2),
        finishedAt: at(2),
      },
      {
        ...base,
        id: "h3",
        parentId: "h1",
        role: "assistant",
        content: "second version",
        model: "Tiny",
        createdAt: at(3),
        finishedAt: at(3),
      },
    ],
  };
}

export function hearthExport(conversations: HearthConversation[]): string {
  return JSON.stringify({ format: HEARTH_JSON_FORMAT, version: HEARTH_JSON_VERSION, exportedAt: new Date().toISOString(), conversations });
}

/**
 * The fields a file's local header (from byte 4) and its central directory entry (from byte 6) share, in the
 * same order: version needed (2.0), flags (UTF-8 name), method (deflate), time and date (zero), CRC-32, sizes
 * and the name's length.
 */
function writeFileFields(into: Buffer, at: number, file: { crc: number; compressed: number; size: number; nameLength: number }): void {
  into.writeUInt16LE(20, at);
  into.writeUInt16LE(0x0800, at + 2);
  into.writeUInt16LE(8, at + 4);
  into.writeUInt32LE(file.crc, at + 10);
  into.writeUInt32LE(file.compressed, at + 14);
  into.writeUInt32LE(file.size, at + 18);
  into.writeUInt16LE(file.nameLength, at + 22);
}

/** A ZIP of the given files (deflated), written with Node's zlib alone. */
export function zipOf(files: { name: string; data: Buffer | string }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data);
    const compressed = zlib.deflateRawSync(data);
    const name = Buffer.from(file.name);
    const fields = { crc: zlib.crc32(data), compressed: compressed.length, size: data.length, nameLength: name.length };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    writeFileFields(header, 4, fields);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by version 2.0
    writeFileFields(entry, 6, fields);
    entry.writeUInt32LE(offset, 42);
    locals.push(header, name, compressed);
    central.push(entry, name);
    offset += header.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** ChatGPT's newer export: the conversations split over conversations-000.json, -001…, beside other files. */
export function chatGptZip(conversations: unknown[], perFile = 2): Buffer {
  const files: { name: string; data: string }[] = [
    { name: "user.json", data: "{}" },
    { name: "chat.html", data: "<html></html>" },
  ];
  for (let i = 0; i * perFile < conversations.length; i++) {
    files.push({
      name: `conversations-${String(i).padStart(3, "0")}.json`,
      data: JSON.stringify(conversations.slice(i * perFile, (i + 1) * perFile)),
    });
  }
  return zipOf(files);
}

/**
 * Writes a ChatGPT conversations.json of about `bytes` to `file`, one conversation at a time (the generator
 * holds no more than one in memory either). Returns how many conversations it wrote.
 */
export async function writeLargeChatGptExport(file: string, bytes: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", resolve)));
  await write("[");
  let written = 1;
  let count = 0;
  while (written < bytes) {
    const text = `${count ? "," : ""}${JSON.stringify(chatGptConversation({ id: `bench-${count}`, text: `对话 ${count}`, createTime: 1_700_000_000 + count, pad: 4000 }))}`;
    await write(text);
    written += Buffer.byteLength(text);
    count++;
  }
  await write("]");
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return count;
}

import { describe, expect, it } from "vitest";
import { type HearthConversation, hearthExportSchema, hearthJsonPieces } from "./hearth-json";

const conversation: HearthConversation = {
  id: "c1",
  title: 'Hi "there" 你好',
  titleByUser: true,
  pinned: false,
  archived: true,
  systemPrompt: "Be brief",
  sampling: { temperature: 0.5 },
  model: "Tiny",
  createdAt: "2026-12-02T13:40:05.000Z",
  updatedAt: "2026-12-02T13:41:05.000Z",
  currentMessageId: "m1",
  messages: [
    {
      id: "m1",
      parentId: null,
      role: "user",
      content: "Hi",
      status: "done",
      model: null,
      createdAt: "2026-12-02T13:40:05.000Z",
      finishedAt: null,
      promptTokens: null,
      outputTokens: null,
      finishReason: null,
    },
  ],
};

describe("hearth JSON pieces", () => {
  it("join into the JSON of the whole export, which the schema accepts", () => {
    const exportedAt = new Date("2026-12-02T14:00:00.000Z");
    const text =
      hearthJsonPieces.opening(exportedAt) +
      hearthJsonPieces.conversation(conversation, true) +
      hearthJsonPieces.conversation({ ...conversation, id: "c2" }, false) +
      hearthJsonPieces.closing;
    const whole = {
      format: "hearth.conversations",
      version: 1,
      exportedAt: exportedAt.toISOString(),
      conversations: [conversation, { ...conversation, id: "c2" }],
    };
    expect(JSON.parse(text)).toEqual(whole);
    expect(hearthExportSchema.parse(JSON.parse(text))).toEqual(whole);
  });

  it("ignores unknown fields and refuses another format", () => {
    const base = { format: "hearth.conversations", version: 1, exportedAt: "2026-12-02T14:00:00.000Z", conversations: [] };
    expect(hearthExportSchema.parse({ ...base, folders: [] })).toEqual(base);
    expect(hearthExportSchema.safeParse({ ...base, format: "other" }).success).toBe(false);
    expect(hearthExportSchema.safeParse({ ...base, version: 2 }).success).toBe(false);
  });
});

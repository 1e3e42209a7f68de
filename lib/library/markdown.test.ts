import { describe, expect, it } from "vitest";
import type { HearthConversation } from "./hearth-json";
import { conversationMarkdown, escapeMarkdownText } from "./markdown";

const at = "2026-12-02T13:40:05.000Z";
const message = (id: string, parentId: string | null, role: "user" | "assistant", content: string) => ({
  id,
  parentId,
  role,
  content,
  status: "done",
  model: role === "assistant" ? "Tiny <b>" : null,
  createdAt: at,
  finishedAt: null,
  promptTokens: null,
  outputTokens: null,
  finishReason: null,
});

const conversation: HearthConversation = {
  id: "c",
  title: "# <img src=x onerror=alert(1)>\nsecond line",
  titleByUser: false,
  pinned: false,
  archived: false,
  systemPrompt: null,
  sampling: {},
  model: "Tiny",
  createdAt: at,
  updatedAt: at,
  currentMessageId: "a1b",
  messages: [
    message("q1", null, "user", "Hello **there**"),
    message("a1", "q1", "assistant", "old answer"),
    message("a1b", "q1", "assistant", "new answer\n\n```js\ncode\n```"),
  ],
};

describe("conversationMarkdown", () => {
  it("has the title as an inert heading, then the branch on screen, each turn labelled with time", () => {
    const text = conversationMarkdown(conversation, { you: "You", assistant: "Assistant", system: "System" });
    expect(text).toBe(
      "# \\# &lt;img src=x onerror=alert\\(1\\)&gt; second line\n\n" +
        "## You · 2026-12-02 13:40 UTC\n\nHello **there**\n\n" +
        "## Tiny &lt;b&gt; · 2026-12-02 13:40 UTC\n\nnew answer\n\n```js\ncode\n```\n",
    );
    expect(text).not.toContain("old answer");
  });
});

describe("escapeMarkdownText", () => {
  it("leaves no markup", () => {
    expect(escapeMarkdownText("[link](javascript:x) *b* <i>")).toBe("\\[link\\]\\(javascript:x\\) \\*b\\* &lt;i&gt;");
  });
});

import { describe, expect, it } from "vitest";
import { parseFrames, sseFrame } from "./sse-frames";

describe("parseFrames", () => {
  it("reads ids and data, skips comments and retry lines, and keeps an unfinished frame for later", () => {
    const { frames, rest } = parseFrames('retry: 1000\n\n: keepalive\n\ndata: {"a":1}\n\nid: 5-1\ndata: {"b":2}\n\nid: 6-0\ndata: {"c"');
    expect(frames).toEqual([
      { id: null, data: '{"a":1}' },
      { id: "5-1", data: '{"b":2}' },
    ]);
    expect(rest).toBe('id: 6-0\ndata: {"c"');
  });

  it("reads back what sseFrame writes", () => {
    const sent = { type: "sent", conversationId: "c1", userMessageId: "m1", generationId: "g1" } as const;
    const event = { type: "token", attempt: 1, text: "two\nlines" } as const;
    const { frames, rest } = parseFrames(sseFrame(event, "7-0") + sseFrame(sent));
    expect(frames.map((f) => ({ id: f.id, event: JSON.parse(f.data) }))).toEqual([
      { id: "7-0", event },
      { id: null, event: sent },
    ]);
    expect(rest).toBe("");
  });
});

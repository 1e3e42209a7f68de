import { describe, expect, it } from "vitest";
import { parseFrames } from "./event-stream";

describe("parseFrames", () => {
  it("reads ids and data, skips comments and retry lines, and keeps an unfinished frame for later", () => {
    const { frames, rest } = parseFrames('retry: 1000\n\n: keepalive\n\ndata: {"a":1}\n\nid: 5-1\ndata: {"b":2}\n\nid: 6-0\ndata: {"c"');
    expect(frames).toEqual([
      { id: null, data: '{"a":1}' },
      { id: "5-1", data: '{"b":2}' },
    ]);
    expect(rest).toBe('id: 6-0\ndata: {"c"');
  });
});

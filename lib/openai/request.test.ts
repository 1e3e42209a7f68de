import { describe, expect, it } from "vitest";
import { generationSampling } from "../conversation-settings";
import { completionSchema, toSend } from "./request";

const parse = (body: Record<string, unknown>) => completionSchema.parse({ model: "Tiny", ...body });

describe("a /v1 completion request as a Hearth send", () => {
  it("joins system and developer messages into the instructions and keeps the turns before the last user message", () => {
    const send = toSend(
      parse({
        messages: [
          { role: "system", content: "Be brief." },
          { role: "developer", content: [{ type: "text", text: "Answer in English." }] },
          { role: "user", content: "first" },
          { role: "assistant", content: "an answer" },
          { role: "user", content: "second" },
        ],
      }),
    );
    expect(send).toEqual({
      systemPrompt: "Be brief.\n\nAnswer in English.",
      history: [
        { role: "user", content: "first" },
        { role: "assistant", content: "an answer" },
      ],
      content: "second",
      sampling: {},
    });
  });

  it("maps OpenAI's sampling names, max_completion_tokens first, and a single stop string to a list", () => {
    const { sampling } = toSend(
      parse({
        messages: [{ role: "user", content: "hi" }],
        temperature: 0,
        top_p: 0.5,
        max_tokens: 10,
        max_completion_tokens: 7,
        seed: 42,
        stop: "END",
      }),
    );
    expect(sampling).toEqual({ temperature: 0, topP: 0.5, maxTokens: 7, seed: 42, stop: ["END"] });
    // The worker reads them back from the conversation, capped at the server's limit.
    expect(generationSampling({ conversation: sampling, model: null, serverMaxTokens: 5 })).toEqual({
      temperature: 0,
      topP: 0.5,
      maxTokens: 5,
      seed: 42,
      stop: ["END"],
    });
  });

  it("refuses n other than 1, tools and a last message that is not the user's", () => {
    expect(completionSchema.safeParse({ model: "Tiny", messages: [{ role: "user", content: "hi" }], n: 2 }).success).toBe(false);
    expect(completionSchema.safeParse({ model: "Tiny", messages: [{ role: "user", content: "hi" }], tools: [{}] }).success).toBe(false);
    expect(() => toSend(parse({ messages: [{ role: "assistant", content: "hi" }] }))).toThrow(/last message must be from the user/);
  });
});

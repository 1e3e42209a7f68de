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
      tail: [],
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

  it("passes tools and tool_choice on, and folds tool results into the calls they answer, after the user's message", () => {
    const send = toSend(
      parse({
        messages: [
          { role: "user", content: "Weather in Paris?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
          },
          { role: "tool", tool_call_id: "call_1", content: '{"temp":21}' },
        ],
        tools: [
          { type: "function", function: { name: "get_weather", description: "Weather", parameters: { type: "object" }, strict: true } },
        ],
        tool_choice: { type: "function", function: { name: "get_weather" } },
        parallel_tool_calls: false,
      }),
    );
    expect(send.content).toBe("Weather in Paris?");
    expect(send.tail).toEqual([
      {
        role: "assistant",
        content: 'get_weather({"city":"Paris"}) → {"temp":21}',
        toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', result: '{"temp":21}' }],
      },
    ]);
    expect(send.sampling).toEqual({
      tools: [{ name: "get_weather", description: "Weather", parameters: { type: "object" } }],
      toolChoice: { name: "get_weather" },
      parallelToolCalls: false,
    });
    expect(generationSampling({ conversation: send.sampling, model: null, serverMaxTokens: 5 }).tools).toHaveLength(1);
  });

  it("refuses a call left without its result, a result for no call, a named choice outside tools, and tools with a JSON format", () => {
    const call = { role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] };
    const tools = [{ type: "function", function: { name: "f" } }];
    expect(() => toSend(parse({ messages: [{ role: "user", content: "hi" }, call], tools }))).toThrow(/tool result for each call/);
    expect(() =>
      toSend(
        parse({
          messages: [
            { role: "user", content: "hi" },
            { role: "tool", tool_call_id: "zz", content: "1" },
          ],
        }),
      ),
    ).toThrow(/No assistant message made the call zz/);
    expect(() =>
      toSend(parse({ messages: [{ role: "user", content: "hi" }], tools, tool_choice: { type: "function", function: { name: "g" } } })),
    ).toThrow(/not in tools/);
    expect(() => toSend(parse({ messages: [{ role: "user", content: "hi" }], tools, response_format: { type: "json_object" } }))).toThrow(
      /cannot be combined/,
    );
    expect(
      completionSchema.safeParse({
        model: "Tiny",
        messages: [{ role: "user", content: "hi" }],
        tools: [{ type: "function", function: { name: "a b" } }],
      }).success,
    ).toBe(false);
  });

  it("refuses n other than 1, malformed tools and a last message that is not the user's", () => {
    expect(completionSchema.safeParse({ model: "Tiny", messages: [{ role: "user", content: "hi" }], n: 2 }).success).toBe(false);
    expect(completionSchema.safeParse({ model: "Tiny", messages: [{ role: "user", content: "hi" }], tools: [{}] }).success).toBe(false);
    expect(() => toSend(parse({ messages: [{ role: "assistant", content: "hi" }] }))).toThrow(/last message must be from the user/);
  });
});

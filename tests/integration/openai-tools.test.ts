// Function calling on /v1 (OpenAI's tools), through the real engine: a scripted model writes a call in its chat
// wrapper's syntax, node-llama-cpp parses it, and the caller gets tool_calls to run; the next request brings the
// result and gets a plain answer. Hearth runs nothing.
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, sql } from "@/testkit/accounts";
import { setUpFamily } from "@/testkit/family";
import { installToolModel, TOOL_MODEL } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let client: OpenAI;

// Greedy sampling (temperature 0) in every request: which function name the grammar lets this scripted model
// pick is decided by its logits, not by chance.
const tools: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "The weather in a city now",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
  {
    type: "function",
    function: {
      name: "turn_on_light",
      description: "Turns a light on",
      parameters: { type: "object", properties: { room: { type: "string" } } },
    },
  },
];

const question: ChatCompletionMessageParam[] = [{ role: "user", content: "What is the weather in Paris?" }];

beforeAll(async () => {
  // The wrapper's description of the functions is long, and this model reads every character as one token.
  stack = await startStack({ worker: true, extraEnv: { HEARTH_CONTEXT_SIZE: "4096", HEARTH_MAX_OUTPUT_TOKENS: "64" } });
  const { admin } = await setUpFamily(stack, []);
  await installToolModel(stack.modelsDir, admin);
  const alice = await addPerson(stack, admin, "Alice");
  const made = await alice.client.json<{ secret: string }>("/api/account/api-keys", { name: "house" });
  client = new OpenAI({ apiKey: made.data.secret, baseURL: `${stack.baseUrl}/v1`, maxRetries: 0, timeout: 120_000 });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

async function stored(completionId: string) {
  const rows = await sql<{ content: string; finishReason: string | null; toolCalls: unknown }>(
    stack,
    `SELECT content, "finishReason", "toolCalls" FROM "Message" WHERE id = $1`,
    [completionId.replace(/^chatcmpl-/, "")],
  );
  return rows[0];
}

describe("tools", () => {
  it("returns the model's call as tool_calls with JSON arguments, and the next request with its result gets a plain answer", {
    timeout: 120_000,
  }, async () => {
    const first = await client.chat.completions.create({ model: "Tool caller", messages: question, tools, temperature: 0 });
    const choice = first.choices[0];
    if (!choice) throw new Error("no choice");
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("no function call");
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe(TOOL_MODEL.call.name);
    // The arguments follow the function's JSON schema (a grammar holds the model to it). Their value is this
    // scripted model's: the engine writes the call's fixed parts itself, which sends the model back to its script.
    expect(Object.keys(JSON.parse(call.function.arguments))).toEqual(["city"]);
    expect(typeof JSON.parse(call.function.arguments).city).toBe("string");
    expect(choice.message.content).toBeNull();
    // The chat page reads the call as text; the structured call is kept beside it.
    const row = await stored(first.id);
    expect(row?.content).toBe(`get_weather(${call.function.arguments})`);
    expect(row?.finishReason).toBe("tool_calls");

    const second = await client.chat.completions.create({
      model: "Tool caller",
      temperature: 0,
      tools,
      messages: [
        ...question,
        choice.message,
        { role: "tool", tool_call_id: call.id, content: JSON.stringify({ temperature: 21, sky: "sunny" }) },
      ],
    });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content).toBe(TOOL_MODEL.reply);
    expect(second.choices[0]?.message.tool_calls).toBeUndefined();
    // The answer continues the turn that made the call: stored after it, with the call and its result.
    const turns = await sql<{ role: string; toolCalls: unknown }>(
      stack,
      `SELECT role, "toolCalls" FROM "Message" WHERE "conversationId" = (SELECT "conversationId" FROM "Message" WHERE id = $1) ORDER BY "createdAt"`,
      [second.id.replace(/^chatcmpl-/, "")],
    );
    expect(turns.map((t) => t.role)).toEqual(["user", "assistant", "assistant"]);
    expect(turns[1]?.toolCalls).toEqual([
      { id: call.id, name: "get_weather", arguments: call.function.arguments, result: '{"temperature":21,"sky":"sunny"}' },
    ]);
  });

  it("streams the call as a tool_calls delta, then finish_reason tool_calls", { timeout: 120_000 }, async () => {
    const stream = await client.chat.completions.create({ model: "Tool caller", messages: question, tools, stream: true, temperature: 0 });
    let content = "";
    const calls: { index: number; id?: string; name?: string; arguments: string }[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      content += choice?.delta.content ?? "";
      for (const part of choice?.delta.tool_calls ?? []) {
        const at = calls[part.index] ?? { index: part.index, arguments: "" };
        at.id ??= part.id;
        at.name ??= part.function?.name;
        at.arguments += part.function?.arguments ?? "";
        calls[part.index] = at;
      }
      finish = choice?.finish_reason ?? finish;
    }
    expect(content).toBe("");
    expect(finish).toBe("tool_calls");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.name).toBe("get_weather");
    const args = JSON.parse(calls[0]?.arguments ?? "");
    expect(Object.keys(args)).toEqual(["city"]);
    expect(typeof args.city).toBe("string");

    const answer = await client.chat.completions.create({
      model: "Tool caller",
      tools,
      stream: true,
      messages: [
        ...question,
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: calls[0]?.id ?? "", type: "function", function: { name: "get_weather", arguments: calls[0]?.arguments ?? "" } },
          ],
        },
        { role: "tool", tool_call_id: calls[0]?.id ?? "", content: "21 degrees" },
      ],
    });
    let text = "";
    for await (const chunk of answer) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(TOOL_MODEL.reply);
  });

  it('with tool_choice "none" offers no function: the same syntax is then only text', { timeout: 120_000 }, async () => {
    const answer = await client.chat.completions.create({ model: "Tool caller", messages: question, tools, tool_choice: "none" });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(answer.choices[0]?.message.tool_calls).toBeUndefined();
    expect(answer.choices[0]?.message.content?.trimEnd()).toBe(TOOL_MODEL.script.join("").trimEnd());
  });

  it("a named tool_choice offers only that function; an unknown one, or a result for no call, is a 400", async () => {
    const named = await client.chat.completions.create({
      model: "Tool caller",
      messages: question,
      tools,
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    expect(named.choices[0]?.finish_reason).toBe("tool_calls");
    await expect(
      client.chat.completions.create({
        model: "Tool caller",
        messages: question,
        tools,
        tool_choice: { type: "function", function: { name: "nope" } },
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      client.chat.completions.create({
        model: "Tool caller",
        messages: [...question, { role: "tool", tool_call_id: "call_x", content: "1" }],
      }),
    ).rejects.toMatchObject({ status: 400 });
  }, 120_000);
});

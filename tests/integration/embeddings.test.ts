// Embeddings end to end: the admin installs the lexical embedding model and picks it for documents, a key's
// person embeds through /v1/embeddings with the official `openai` client (the worker runs the model, the web
// waits), and the vectors' cosines follow word overlap. Embedding models stay out of the chat model picker.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson } from "@/testkit/accounts";
import type { HearthClient } from "@/testkit/client";
import { setUpFamily } from "@/testkit/family";
import { EMBEDDING_DIMENSIONS, makeEmbeddingModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let client: OpenAI;
let embeddingModelId: string;

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

beforeAll(async () => {
  stack = await startStack({ worker: true });
  ({ admin } = await setUpFamily(stack, []));
  const file = await makeEmbeddingModel(stack.modelsDir);
  const registered = await admin.json<{ model: { id: string; kind: string; isDefault: boolean } }>("/api/admin/models", {
    name: "Lexical",
    filePath: file,
  });
  expect(registered.status).toBe(201);
  expect(registered.data.model).toMatchObject({ kind: "embedding", isDefault: false });
  embeddingModelId = registered.data.model.id;
  const alice = await addPerson(stack, admin, "Alice");
  const key = await alice.client.json<{ secret: string }>("/api/account/api-keys", { name: "embeddings" });
  client = new OpenAI({ apiKey: key.data.secret, baseURL: `${stack.baseUrl}/v1`, maxRetries: 0, timeout: 120_000 });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe("embedding models", () => {
  it("are never offered as chat models, nor made the default", async () => {
    const choices = await admin.json<{ models: { name: string }[] }>("/api/models");
    expect(choices.data.models.map((m) => m.name)).not.toContain("Lexical");
    const made = await admin.fetch(`/api/admin/models/${embeddingModelId}/default`, { method: "POST" });
    expect(made.status).toBe(400);
    const chat = await client.chat.completions.create({ model: "Lexical", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(chat.status).toBe(404);
  });

  it("are chosen by the admin for documents; a chat model is refused there", async () => {
    const tiny = (await admin.json<{ models: { id: string }[] }>("/api/models")).data.models[0]?.id;
    expect((await admin.json(`/api/admin/embedding-model`, { modelId: tiny }, "PUT")).status).toBe(400);
    const chosen = await admin.json<{ embeddingModel: { id: string; name: string } }>(
      "/api/admin/embedding-model",
      { modelId: embeddingModelId },
      "PUT",
    );
    expect(chosen.status).toBe(200);
    expect(chosen.data.embeddingModel).toEqual({ id: embeddingModelId, name: "Lexical" });
  });
});

describe("POST /v1/embeddings", () => {
  it("embeds a list with the openai client: one vector per text, in order, and cosines that follow word overlap", async () => {
    const texts = ["the boiler pressure manual", "boiler pressure", "school worksheet", "锅炉压力说明书", "锅炉压力"];
    const answer = await client.embeddings.create({ model: "Lexical", input: texts });
    expect(answer.model).toBe("Lexical");
    expect(answer.data.map((d) => d.index)).toEqual([0, 1, 2, 3, 4]);
    const [manual, boiler, school, zhManual, zhBoiler] = answer.data.map((d) => d.embedding);
    expect(manual).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(cosine(manual ?? [], boiler ?? [])).toBeGreaterThan(0.6);
    expect(cosine(manual ?? [], school ?? [])).toBeLessThan(0.2);
    expect(cosine(zhManual ?? [], zhBoiler ?? [])).toBeGreaterThan(0.6);
    expect(answer.usage.prompt_tokens).toBeGreaterThan(0);
    expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens);
  });

  it("answers floats when asked, equal to the base64 the client asks for by default", async () => {
    const floats = await client.embeddings.create({ model: "Lexical", input: "hot water", encoding_format: "float" });
    const packed = await client.embeddings.create({ model: "Lexical", input: "hot water" });
    const a = floats.data[0]?.embedding ?? [];
    const b = packed.data[0]?.embedding ?? [];
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(b.map((x) => Math.round(x * 1e4))).toEqual(a.map((x) => Math.round(x * 1e4)));
  });

  it("refuses a chat model, an unknown model, too many texts and no key, each with its own status", async () => {
    const status = (p: Promise<unknown>) => p.then(() => 200).catch((e: { status?: number }) => e.status);
    expect(await status(client.embeddings.create({ model: "Tiny", input: "x" }))).toBe(404);
    expect(await status(client.embeddings.create({ model: "no-such-model", input: "x" }))).toBe(404);
    expect(await status(client.embeddings.create({ model: "Lexical", input: Array.from({ length: 257 }, () => "x") }))).toBe(413);
    expect(await status(client.embeddings.create({ model: "Lexical", input: [] as string[] }))).toBe(400);
    const anonymous = await fetch(`${stack.baseUrl}/v1/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "Lexical", input: "x" }),
    });
    expect(anonymous.status).toBe(401);
  });

  it("is listed by /v1/models beside the chat models", async () => {
    const names = [];
    for await (const m of client.models.list()) names.push(m.id);
    expect(names).toContain("Lexical");
  });
});

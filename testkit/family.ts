// Sets up accounts and the test model on a running stack, through the same HTTP API the UI uses.
import type { AnswerSources } from "@/lib/documents/sources";
import { HearthClient, readEvents } from "./client";
import { type Stack, TEST_MODEL_FILE } from "./stack";

export async function setUpFamily(stack: Stack, memberNames: string[]): Promise<{ admin: HearthClient; members: HearthClient[] }> {
  const admin = new HearthClient(stack.baseUrl);
  const password = "a long enough password";
  await admin.json("/api/signup", { name: "Admin", email: "admin@example.com", password });
  if (!(await admin.login("admin@example.com", password))) throw new Error("admin login failed");
  const model = await admin.json("/api/admin/models", { name: "Tiny", filePath: TEST_MODEL_FILE });
  if (model.status !== 201) throw new Error(`model registration failed: ${JSON.stringify(model.data)}`);
  const members: HearthClient[] = [];
  for (const name of memberNames) {
    const email = `${name.toLowerCase()}@example.com`;
    const created = await admin.json("/api/admin/users", { name, email, password, role: "member" });
    if (created.status !== 201) throw new Error(`member creation failed: ${JSON.stringify(created.data)}`);
    const client = new HearthClient(stack.baseUrl);
    if (!(await client.login(email, password))) throw new Error(`${name} login failed`);
    members.push(client);
  }
  return { admin, members };
}

export async function startChat(
  client: HearthClient,
  content: string,
  modelId?: string,
): Promise<{ conversationId: string; generationId: string }> {
  const sent = await client.json<{ conversationId: string; generationId: string }>("/api/conversations", { content, modelId });
  if (sent.status !== 201) throw new Error(`send failed: ${sent.status} ${JSON.stringify(sent.data)}`);
  return { conversationId: sent.data.conversationId, generationId: sent.data.generationId };
}

export type StoredAnswer = { id: string; role: string; status: string; sources: AnswerSources | null };

/** Asks in the conversation and returns the stored answer once it is final (done, or it throws). */
export async function askAndWait(client: HearthClient, conversationId: string, content: string): Promise<StoredAnswer> {
  const sent = await client.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, { content });
  if (sent.status !== 201) throw new Error(`send failed: ${sent.status} ${JSON.stringify(sent.data)}`);
  await readEvents(client, sent.data.generationId);
  const { data } = await client.json<{ conversation: { messages: StoredAnswer[] } }>(`/api/conversations/${conversationId}`);
  const answer = data.conversation.messages.find((m) => m.id === sent.data.generationId);
  if (answer?.status !== "done") throw new Error(`the answer is ${answer?.status ?? "not stored"}`);
  return answer;
}

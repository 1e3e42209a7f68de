// A share's snapshot: the branch on screen when it was shared (titles, model names), and its link's token.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

export const sharedMessageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  modelName: z.string().nullable(),
});

export type SharedMessage = z.infer<typeof sharedMessageSchema>;

const snapshotSchema = z.array(sharedMessageSchema);

export function readSnapshot(value: unknown): SharedMessage[] {
  return snapshotSchema.safeParse(value).data ?? [];
}

type BranchMessage = { id: string; parentId: string | null; role: string; content: string; status: string; modelName: string | null };

/** The path from the first message to the leaf on screen; unfinished or failed answers are left out. */
export function branchOnScreen(messages: BranchMessage[], leafId: string | null): SharedMessage[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const path: SharedMessage[] = [];
  for (let m = leafId ? byId.get(leafId) : undefined; m; m = m.parentId ? byId.get(m.parentId) : undefined) {
    if (m.role !== "user" && m.role !== "assistant") continue;
    if (m.role === "assistant" && m.status !== "done" && m.status !== "stopped") continue;
    path.unshift({ role: m.role, content: m.content, modelName: m.role === "assistant" ? m.modelName : null });
  }
  return path;
}

/** 32 random bytes: unguessable, so a link is its own key; only its SHA-256 is stored (like API keys). */
export function newShareToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashShareToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

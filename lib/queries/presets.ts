// A member's reusable system prompts. Every read and write filters by the owner.
import "server-only";
import { z } from "zod";
import { SYSTEM_PROMPT_MAX_CHARS } from "../conversation-settings";
import { getDb } from "../db";

export const newPresetSchema = z.object({
  title: z.string().trim().min(1).max(80),
  content: z.string().trim().min(1).max(SYSTEM_PROMPT_MAX_CHARS),
});

export type PresetView = { id: string; title: string; content: string };

const MAX_PRESETS = 200;

export async function listPresets({ userId }: { userId: string }): Promise<PresetView[]> {
  return getDb().promptPreset.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, content: true },
    take: MAX_PRESETS,
  });
}

export async function createPreset(input: { userId: string } & z.infer<typeof newPresetSchema>): Promise<PresetView> {
  return getDb().promptPreset.create({
    data: { userId: input.userId, title: input.title, content: input.content },
    select: { id: true, title: true, content: true },
  });
}

/** False when there is no such preset of the user's. */
export async function deletePreset({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await getDb().promptPreset.deleteMany({ where: { id, userId } });
  return count > 0;
}

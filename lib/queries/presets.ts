// A member's reusable system prompts. Every read and write filters by the owner.
import "server-only";
import { z } from "zod";
import { SYSTEM_PROMPT_MAX_CHARS } from "../conversation-settings";
import { getDb } from "../db";
import { AppError } from "../errors";

export const newPresetSchema = z.object({
  title: z.string().trim().min(1).max(80),
  content: z.string().trim().min(1).max(SYSTEM_PROMPT_MAX_CHARS),
});

export type PresetView = { id: string; title: string; content: string };

/** A member keeps at most this many presets, and this many characters in all (each is also capped). */
export const MAX_PRESETS = 100;
export const MAX_PRESET_TOTAL_CHARS = 100_000;

export async function listPresets({ userId }: { userId: string }): Promise<PresetView[]> {
  return getDb().promptPreset.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, content: true },
    take: MAX_PRESETS,
  });
}

export async function createPreset(input: { userId: string } & z.infer<typeof newPresetSchema>): Promise<PresetView> {
  return getDb().$transaction(
    async (tx) => {
      // One member's creates take turns: parallel requests would otherwise all pass the check and then insert.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(4207003, hashtext(${input.userId}))`;
      const [held] = await tx.$queryRaw<{ count: bigint; chars: bigint | null }[]>`
      SELECT count(*) AS count, sum(length(title) + length(content)) AS chars FROM "PromptPreset" WHERE "userId" = ${input.userId}`;
      if (Number(held?.count ?? 0) >= MAX_PRESETS) throw new AppError("conflict", "tooManyPresets", { max: MAX_PRESETS });
      if (Number(held?.chars ?? 0) + input.title.length + input.content.length > MAX_PRESET_TOTAL_CHARS) {
        throw new AppError("too_large", "presetsTooLarge", { max: MAX_PRESET_TOTAL_CHARS });
      }
      return tx.promptPreset.create({
        data: { userId: input.userId, title: input.title, content: input.content },
        select: { id: true, title: true, content: true },
      });
      // Creates queued behind the lock wait their turn (each holds it for milliseconds) rather than fail.
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
}

/** False when there is no such preset of the user's. */
export async function deletePreset({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await getDb().promptPreset.deleteMany({ where: { id, userId } });
  return count > 0;
}

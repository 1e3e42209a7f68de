// A line at the top of every page a signed-in person sees while no model worker responds (stopped, hung,
// or crash-looping under `npm start`): old chats still open, new messages wait.
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { getRedis } from "@/lib/redis";
import { anyWorkerResponding } from "@/lib/workers/responding";

const CHECK_TIMEOUT_MS = 300;

export async function ModelServerBanner() {
  const user = await currentUser().catch(() => null);
  if (!user) return null;
  // Redis down is the queue's problem, told where messages are sent; this line is only about workers. Redis
  // commands wait through a Redis restart (lib/redis.ts): a page never waits for this line longer than a moment.
  const responding = await Promise.race([
    anyWorkerResponding(getRedis()).catch(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), CHECK_TIMEOUT_MS)),
  ]);
  if (responding) return null;
  const t = await getTranslator();
  return (
    <p
      role="status"
      data-testid="model-server-banner"
      className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      {t("status.modelServerRestarting")}
    </p>
  );
}

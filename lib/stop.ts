// Stopping an answer: a queued one is taken off the queue; a running one is aborted by its worker.
import { markMessageStopped } from "./queries/conversations";
import { removeQueuedGeneration, requestStop } from "./queue/producer";
import { removeWaiting } from "./queue/waiting-count";
import { getRedis } from "./redis";
import { GenerationWriter } from "./stream/writer";

export async function stopGeneration(message: { id: string; status: string }, userId: string): Promise<void> {
  if (message.status !== "queued" && message.status !== "generating") return;
  if (message.status === "queued" && (await removeQueuedGeneration(message.id))) {
    await markMessageStopped(message.id);
    await removeWaiting(getRedis(), userId);
    await new GenerationWriter(getRedis(), message.id).finish({
      type: "stopped",
      content: "",
      outputTokens: 0,
      tokensPerSec: null,
      firstTokenMs: null,
    });
    return;
  }
  await requestStop(message.id);
}

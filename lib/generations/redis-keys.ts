// Redis keys of generations (replay log, live channel, stop flag, queue bookkeeping), for the web and the
// worker; kept out of ./protocol.ts because the browser imports that and has no server environment.
import { getEnv } from "../env";

/** Redis keys of generations; every key carries HEARTH_REDIS_PREFIX. */
export const generationKeys = {
  prefix: () => getEnv().HEARTH_REDIS_PREFIX,
  log: (generationId: string) => `${generationKeys.prefix()}:gen:${generationId}:log`,
  channel: (generationId: string) => `${generationKeys.prefix()}:gen:${generationId}:live`,
  stopFlag: (generationId: string) => `${generationKeys.prefix()}:gen:${generationId}:stop`,
  control: () => `${generationKeys.prefix()}:control`,
  userWaiting: (userId: string) => `${generationKeys.prefix()}:pending:${userId}`,
  positions: () => `${generationKeys.prefix()}:queue-positions`,
  /** Generations a worker took but that wait for a free sequence or a model: the head of the line. */
  held: () => `${generationKeys.prefix()}:queue-held`,
  averageSeconds: () => `${generationKeys.prefix()}:stats:generation-seconds`,
};

// Redis keys of the models feature: worker reports and pull cancel flags.
import { getEnv } from "../env";

export const modelKeys = {
  prefix: () => getEnv().HEARTH_REDIS_PREFIX,
  workerReports: () => `${modelKeys.prefix()}:workers`,
  pullCancel: (pullId: string) => `${modelKeys.prefix()}:pull:${pullId}:cancel`,
};

// Redis keys of the models feature: pull cancel flags.
import { getEnv } from "../env";

export const modelKeys = {
  prefix: () => getEnv().HEARTH_REDIS_PREFIX,
  pullCancel: (pullId: string) => `${modelKeys.prefix()}:pull:${pullId}:cancel`,
};

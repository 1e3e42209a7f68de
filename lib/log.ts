// Structured JSON logs (pino), one line per event. A generation's lines carry `generationId` (the
// answer's message id) on the web and in the worker alike, so one answer can be followed end to end.
import pino, { type Logger } from "pino";
import { getEnv } from "./env";

export type { Logger };

const globalForLog = globalThis as unknown as { hearthLoggers?: Map<string, Logger> };

export function getLogger(service: "web" | "worker"): Logger {
  globalForLog.hearthLoggers ??= new Map();
  let logger = globalForLog.hearthLoggers.get(service);
  if (!logger) {
    logger = pino({ level: getEnv().HEARTH_LOG_LEVEL, base: { service, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
    globalForLog.hearthLoggers.set(service, logger);
  }
  return logger;
}

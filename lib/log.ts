// Structured JSON logs (pino), one line per event: everything the web and the worker log goes through here
// (lib/log.test.ts keeps the console out of their code). A generation's lines carry `generationId` (the
// answer's message id) on the web and in the worker alike, so one answer can be followed end to end.
import pino, { type Logger } from "pino";
import { getEnv } from "./env";

export type { Logger };

type Service = "web" | "worker";

const globalForLog = globalThis as unknown as { hearthLoggers?: Map<string, Logger>; hearthLogService?: Service };

/** Which program this process is: the worker says so first thing; any other process is the web. */
export function setLogService(service: Service): void {
  globalForLog.hearthLogService = service;
}

/** This process's logger; code shared by the web and the worker (lib/) leaves `service` out. */
export function getLogger(service: Service = globalForLog.hearthLogService ?? "web"): Logger {
  globalForLog.hearthLoggers ??= new Map();
  let logger = globalForLog.hearthLoggers.get(service);
  if (!logger) {
    logger = pino({ level: logLevel(), base: { service, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
    globalForLog.hearthLoggers.set(service, logger);
  }
  return logger;
}

/** A broken environment must still be reported (as a log line, naming the variable): then the default level. */
function logLevel(): string {
  try {
    return getEnv().HEARTH_LOG_LEVEL;
  } catch {
    return "info";
  }
}

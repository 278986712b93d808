// The worker's logger: one pino logger for the process (JSON lines; LOG_FORMAT=pretty under
// `npm start`). Each job runs under a request id: the one of the request that caused it when the
// job's data carries it, else `job:<id>` (see instrument.ts).
import { configureLogging, getLogger, type Logger, type LoggingOptions } from "@dangjian/observability";

/** Called once by main.ts with LOG_LEVEL and LOG_FORMAT (tests configure their own capture). */
export function setUpLogging(options: Pick<LoggingOptions, "level" | "format">): Logger {
  return configureLogging({ service: "worker", ...options });
}

export const log = (component = "worker"): Logger => getLogger(component);

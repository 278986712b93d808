// The gateway's logger: one pino logger for the process (JSON lines; LOG_FORMAT=pretty under
// `npm start`), with the request id of the request being served on every line.
import { configureLogging, getLogger, type Logger, type LoggingOptions } from "@dangjian/observability";

/** Called once by main.ts with LOG_LEVEL and LOG_FORMAT (tests configure their own capture). */
export function setUpLogging(options: Pick<LoggingOptions, "level" | "format">): Logger {
  return configureLogging({ service: "gateway", ...options });
}

export const log = (component = "gateway"): Logger => getLogger(component);

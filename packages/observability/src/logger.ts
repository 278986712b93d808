// One structured logger per process (pino): JSON lines in production, a compact readable line
// under `npm start` (LOG_FORMAT=pretty). Every line carries the process's service name and the
// current request id (see context.ts), and is scrubbed of phone and ID numbers (scrub.ts).
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { currentRequestId } from "./context.ts";
import { scrubPersonalData } from "./scrub.ts";

export type { Logger } from "pino";

export interface LoggingOptions {
  /** gateway, worker, … (the `service` field of every line) */
  service: string;
  /** pino level (LOG_LEVEL); default info */
  level?: string | undefined;
  /** LOG_FORMAT: json (default, production) or pretty (one readable line, `npm start`) */
  format?: "json" | "pretty" | undefined;
  /** where scrubbed lines go (tests); default stdout */
  destination?: { write(line: string): unknown };
}

let root: Logger | null = null;

function build(options: LoggingOptions): Logger {
  const format = options.format ?? "json";
  const sink: { write(line: string): unknown } =
    options.destination ??
    (format === "pretty"
      ? pretty({
          colorize: process.stdout.isTTY === true,
          translateTime: "HH:MM:ss.l",
          ignore: "pid,hostname,service",
          singleLine: true,
          sync: true,
        })
      : pino.destination({ dest: 1, sync: true }));
  const stream = { write: (line: string) => sink.write(scrubPersonalData(line)) };
  return pino(
    {
      level: options.level ?? "info",
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
    },
    stream,
  );
}

/** Sets up this process's logger (call once at start, before any getLogger). */
export function configureLogging(options: LoggingOptions): Logger {
  root = build(options);
  return root;
}

/** A child logger for one part of the code; call it where you log, not at module load. */
export function getLogger(component?: string): Logger {
  root ??= build({ service: "dangjian" });
  return component ? root.child({ component }) : root;
}

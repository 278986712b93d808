// What operators see: structured logs with a request id, and Prometheus metrics (docs/operations.md).
export { acceptRequestId, currentRequestId, newRequestId, runWithRequestId } from "./context.ts";
export { configureLogging, getLogger, type Logger, type LoggingOptions } from "./logger.ts";
export { holdsPersonalData, loggablePath, REDACTED, scrubPersonalData } from "./scrub.ts";
export {
  addCollector,
  metrics,
  metricsAuthorized,
  registry,
  renderMetrics,
  secondsSince,
  validMetricsToken,
} from "./metrics.ts";
export { listeningUrl } from "./listen.ts";
export { metricsRequestHandler, startMetricsServer, type MetricsServer } from "./metrics-server.ts";

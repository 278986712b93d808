import { createServices } from "@dangjian/services";
import { metricsRequestHandler, validMetricsToken } from "@dangjian/observability";
import { env, meiliConfig, storageConfig } from "./env.ts";
import { setUpLogging } from "./log.ts";
import { installProcessGuards } from "./process-guard.ts";
import { startWorker } from "./worker.ts";
import { healthRoutes, startWorkerHttp } from "./http.ts";

const logger = setUpLogging({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
installProcessGuards((message) => logger.error(message));

const services = createServices({
  databaseUrl: env.DATABASE_URL,
  poolSize: 4,
  storage: storageConfig(),
  meili: meiliConfig(),
  cardKek: env.DANGJIAN_CARD_KEK,
  piiKey: env.DANGJIAN_PII_KEY,
});
const worker = await startWorker({
  services,
  databaseUrl: env.DATABASE_URL,
  demoVideos: env.DANGJIAN_DEMO_VIDEOS === "1",
});
logger.info("[worker] 后台任务已启动");
// probes (ADR 1040) and, with METRICS_TOKEN, /metrics (ADR 1021) on one small listener; started
// after the queues, so "alive" means the jobs are registered
const metricsToken = validMetricsToken(env.METRICS_TOKEN);
const http =
  env.WORKER_HTTP_PORT === undefined
    ? null
    : await startWorkerHttp({
        port: env.WORKER_HTTP_PORT,
        host: env.WORKER_HTTP_HOST,
        routes: {
          ...healthRoutes(services),
          ...(metricsToken ? { "/metrics": metricsRequestHandler(metricsToken) } : {}),
        },
      });
if (http)
  logger.info(
    `[worker] 探针已启动：${http.url}/healthz、${http.url}/readyz${metricsToken ? `，指标：${http.url}/metrics` : ""}`,
  );

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await http?.close();
  await worker.stop();
  await services.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());

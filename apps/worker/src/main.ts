import { createServices } from "@dangjian/services";
import { env, meiliConfig, storageConfig } from "./env.ts";
import { installProcessGuards } from "./process-guard.ts";
import { startWorker } from "./worker.ts";
import { healthRoutes, startWorkerHttp } from "./http.ts";

installProcessGuards();

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
console.log("[worker] 后台任务已启动");
// probes (ADR 1040); started after the queues, so "alive" means the jobs are registered
const http =
  env.WORKER_HTTP_PORT === undefined
    ? null
    : await startWorkerHttp({ port: env.WORKER_HTTP_PORT, host: env.WORKER_HTTP_HOST, routes: healthRoutes(services) });
if (http) console.log(`[worker] 探针已启动：${http.url}/healthz、${http.url}/readyz`);

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

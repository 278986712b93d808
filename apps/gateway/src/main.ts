// Entry point: `tsx src/main.ts`. Reads the environment once, starts the gateway, and closes
// the HTTP server and the database pool on SIGINT/SIGTERM.
import { createServices } from "@dangjian/services";
import { validMetricsToken } from "@dangjian/observability";
import { env, meiliConfig, storageConfig } from "./env.ts";
import { setUpLogging } from "./log.ts";
import { createGateway } from "./server.ts";
import { storageOrigin } from "./storage-origin.ts";

const logger = setUpLogging({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const storage = storageConfig();
const services = createServices({
  databaseUrl: env.DATABASE_URL,
  // a frozen database fails a request after this instead of holding it (ADR 1040)
  queryTimeoutMs: 30_000,
  storage,
  meili: meiliConfig(),
  cardKek: env.DANGJIAN_CARD_KEK,
  piiKey: env.DANGJIAN_PII_KEY,
  replica: env.DATABASE_REPLICA_URL
    ? { url: env.DATABASE_REPLICA_URL, maxLagMs: env.DATABASE_REPLICA_MAX_LAG_MS }
    : undefined,
});

let gateway: Awaited<ReturnType<typeof createGateway>>;
try {
  // a database filled before search existed (or freshly seeded) gets its search documents once
  const indexed = await services.search.ensureIndexed((line) => logger.info(line));
  if (indexed.reindexed) logger.info("搜索索引已建立");
  gateway = await createGateway({
    services,
    port: env.PORT,
    host: env.HOST,
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY,
    allowedOrigins: env.ALLOWED_ORIGINS,
    storageOrigins: storage ? [storageOrigin(storage)] : [],
    metricsToken: validMetricsToken(env.METRICS_TOKEN),
  });
} catch (error) {
  logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
  await services.close();
  process.exit(1);
}
logger.info(`网关已启动：${gateway.url}（网上支部 ${gateway.url}/branch/）`);
if (!env.METRICS_TOKEN) logger.info("METRICS_TOKEN 未设置：/metrics 已关闭");
if (env.DATABASE_REPLICA_URL)
  logger.info(
    `只读副本已配置：仪表盘、报表、搜索和列表在副本落后不超过 ${env.DATABASE_REPLICA_MAX_LAG_MS} ms 时从副本读取`,
  );

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  logger.info(`${signal} received, closing`);
  try {
    await gateway.close();
    await services.close();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}

process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

// `pnpm --filter @dangjian/worker search:reindex`: rebuilds every search document from the facts
// (embedded engine), and with MEILI_HOST set applies the index settings, queues every document for
// Meilisearch and pushes them, printing the lag before and after. Safe to run while the platform
// runs (upserts by key; the worker's sync and this command share the outbox with SKIP LOCKED).
import { createServices } from "@dangjian/services";
import { env, meiliConfig } from "./env.ts";

const services = createServices({ databaseUrl: env.DATABASE_URL, poolSize: 2, meili: meiliConfig() });
try {
  const counts = await services.search.reindex((line) => console.log(line));
  console.log(`内置搜索引擎：已重建 ${Object.values(counts).reduce((a, b) => a + b, 0)} 条文档`, counts);
  if (services.search.hasExternal()) {
    await services.search.applyExternalSettings();
    const queued = await services.search.enqueueAllForExternal();
    console.log(`Meilisearch：已排队 ${queued} 条，正在推送…`);
    const result = await services.search.syncExternal();
    console.log(
      `Meilisearch：推送 ${result.pushed} 条，删除 ${result.deleted} 条；等待同步 ${(await services.search.lag()).pending} 条`,
    );
  } else console.log("未设置 MEILI_HOST：只重建内置搜索引擎。");
} catch (error) {
  console.error(`重建索引失败：${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await services.close();
}

// Search: when Meilisearch is configured (MEILI_HOST), push the documents waiting in the search
// outbox every few seconds. A stopped engine only delays them (they wait and catch up); several
// workers share the work (FOR UPDATE SKIP LOCKED). ADR 0601.
import type { WorkerJob } from "./types.ts";

const INTERVAL_MS = 3_000;

export const searchSyncJob: WorkerJob = {
  name: "search",
  async register({ services, log }) {
    if (!services.search.hasExternal()) return;
    let settingsApplied = false;
    let running = false;
    let lastFailure = "";
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        if (!settingsApplied) {
          await services.search.applyExternalSettings();
          settingsApplied = true;
        }
        const result = await services.search.syncExternal();
        if (result.pushed + result.deleted > 0)
          log(`[worker] 搜索同步：推送 ${result.pushed} 条，删除 ${result.deleted} 条`);
        lastFailure = "";
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastFailure) {
          const lag = await services.search.lag().catch(() => null);
          log(`[worker] 搜索引擎暂不可用，${lag?.pending ?? "?"} 条等待同步（稍后自动重试）：${message}`);
        }
        lastFailure = message;
      } finally {
        running = false;
      }
    };
    const timer = setInterval(() => void tick(), INTERVAL_MS);
    timer.unref();
    void tick();
  },
};

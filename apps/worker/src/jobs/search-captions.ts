// Search: captions uploaded before their words were kept in the database (ADR 0603) are read once
// from S3 and indexed (ADR 0605). Runs when the worker starts and then daily; once nothing is left
// a run is one indexed count. Idempotent and safe with several workers (stately queue; each video
// is written only while its captionText is still null).
import type { WorkerJob } from "./types.ts";

export const SEARCH_CAPTION_QUEUE = "search-captions-backfill";

export const searchCaptionsJob: WorkerJob = {
  name: "search-captions",
  async register({ boss, services, log }) {
    if (!services.deps.storage) return;
    await boss.createQueue(SEARCH_CAPTION_QUEUE, {
      name: SEARCH_CAPTION_QUEUE,
      policy: "stately",
      retryLimit: 5,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 3600,
    });
    await boss.work(SEARCH_CAPTION_QUEUE, async () => {
      const total = { indexed: 0, empty: 0, missing: 0 };
      for (;;) {
        const step = await services.search.backfillCaptions();
        total.indexed += step.indexed;
        total.empty += step.empty;
        total.missing += step.missing;
        if (step.indexed + step.empty + step.missing === 0 || step.remaining === 0) break;
      }
      if (total.indexed + total.empty + total.missing > 0)
        log(
          `[worker] 字幕补建索引：${total.indexed} 个视频已可按字幕搜索，${total.empty} 个字幕无文字，${total.missing} 个字幕文件已不存在`,
        );
    });
    await boss.schedule(SEARCH_CAPTION_QUEUE, "45 3 * * *", {}, { tz: "Asia/Shanghai" });
    await boss.send(SEARCH_CAPTION_QUEUE, {});
  },
};

// Warnings: the nightly full evaluation (the incremental one runs inside the outbox drain) and
// the morning digest per committee. Both are idempotent, so a retry or a double run is harmless.
import { metrics } from "@dangjian/observability";
import type { WorkerJob } from "./types.ts";

export const WARNING_QUEUES = { evaluate: "warnings-evaluate", digest: "warnings-digest" } as const;

export const warningsJob: WorkerJob = {
  name: "warnings",
  async register({ boss, services, log }) {
    for (const name of Object.values(WARNING_QUEUES)) {
      await boss.createQueue(name, {
        name,
        policy: "stately",
        retryLimit: 3,
        retryDelay: 60,
        retryBackoff: true,
        expireInSeconds: 3600,
      });
    }
    await boss.work(WARNING_QUEUES.evaluate, async () => {
      // facts first: a full pass over facts the outbox has not yet derived (a freshly seeded or
      // imported region) would judge missing meetings as missed ones, and raise critical tasks.
      // Settle, not just drain: the fact-table job may hold the events at this very moment.
      if (!(await services.outbox.settle()))
        log("[worker] 事实表仍有未处理的事件，预警全量评估照常进行，未处理的部分由增量评估补上");
      // only what changed or is due by time since the last pass; everything when that is most of
      // the region (the first pass, the first night of a month) (ADR 1064)
      const stats = await services.warnings.evaluateAll({ changedOnly: true });
      metrics.warningPassDuration.observe({ kind: "full" }, stats.ms / 1000);
      log(
        `[worker] 预警${stats.changes?.mode === "changed" ? "夜间（仅变化部分）" : "全量"}评估：${stats.orgs}/${stats.changes?.total ?? stats.orgs} 个组织、${stats.members} 名党员、${stats.links} 个联建，写入 ${stats.written} 条，用时 ${stats.ms} ms`,
      );
    });
    await boss.work(WARNING_QUEUES.digest, async () => {
      const result = await services.warnings.sendDigests();
      log(`[worker] 预警日报：${result.notices} 份`);
    });
    // 02:30 full pass, 07:30 digest (Asia/Shanghai)
    await boss.schedule(WARNING_QUEUES.evaluate, "30 2 * * *", {}, { tz: "Asia/Shanghai" });
    await boss.schedule(WARNING_QUEUES.digest, "30 7 * * *", {}, { tz: "Asia/Shanghai" });
    // one pass at start, so a fresh region has its warnings (and decayed tie strengths) at once
    await boss.send(WARNING_QUEUES.evaluate, {});
  },
};

// Warnings: the nightly full evaluation (the incremental one runs inside the outbox drain) and
// the morning digest per committee. Both are idempotent, so a retry or a double run is harmless;
// the full pass moreover runs once per night however many workers send it (ADR 1003).
import { metrics } from "@dangjian/observability";
import type { WorkerJob } from "./types.ts";

export const WARNING_QUEUES = { evaluate: "warnings-evaluate", digest: "warnings-digest" } as const;

/** The nightly pass's name in ScheduledRun (ADR 1003). */
export const NIGHTLY_PASS = "warnings-nightly";

/**
 * The night a pass belongs to: the newest 02:30 Asia/Shanghai (18:30 UTC, no daylight saving)
 * at or before `now`. The cron below fires at that instant; a worker that starts later in the day
 * belongs to the same night, so its start-up pass runs only if that night's has not.
 */
export function nightlySlot(now: Date): Date {
  const slot = new Date(now);
  slot.setUTCHours(18, 30, 0, 0);
  if (slot.getTime() > now.getTime()) slot.setUTCDate(slot.getUTCDate() - 1);
  return slot;
}

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
      // once per night whatever the number of workers and jobs (ADR 1003): every worker's cron
      // and every worker's start send a job; the first run for the night's slot does the pass
      const once = await services.scheduled.runOnce(NIGHTLY_PASS, nightlySlot, async () => {
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
      if (!once.ran)
        log(`[worker] 本时段的预警评估已于 ${once.finishedAt.toISOString()} 完成（可能由另一个工作进程），跳过`);
    });
    await boss.work(WARNING_QUEUES.digest, async () => {
      const result = await services.warnings.sendDigests();
      log(`[worker] 预警日报：${result.notices} 份`);
    });
    // 02:30 full pass, 07:30 digest (Asia/Shanghai)
    await boss.schedule(WARNING_QUEUES.evaluate, "30 2 * * *", {}, { tz: "Asia/Shanghai" });
    await boss.schedule(WARNING_QUEUES.digest, "30 7 * * *", {}, { tz: "Asia/Shanghai" });
    // a pass at start, so a fresh region has its warnings (and decayed tie strengths) at once:
    // it runs only if tonight's slot has no finished pass yet (a restart during the day does nothing)
    await boss.send(WARNING_QUEUES.evaluate, {});
  },
};

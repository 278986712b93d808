// Every pg-boss job runs under a request id (the causing request's, carried in the job's data by
// `send` below, or `job:<id>`) and is timed per queue; queue depths and the outbox lag are
// measured when Prometheus scrapes (docs/operations.md).
import type PgBoss from "pg-boss";
import { addCollector, currentRequestId, metrics, runWithRequestId, secondsSince } from "@dangjian/observability";
import type { Services } from "@dangjian/services";
import { log } from "./log.ts";

type Handler = (jobs: Array<PgBoss.Job<unknown>>) => Promise<unknown>;

function requestIdOf(job: PgBoss.Job<unknown> | undefined): string {
  const carried = (job?.data as { requestId?: unknown } | null | undefined)?.requestId;
  if (typeof carried === "string" && carried.length <= 128) return carried;
  return `job:${job?.id ?? "?"}`;
}

/** Wraps `boss.work` (timing, request id) and `boss.send` (carries the current request id). */
export function instrumentBoss(boss: PgBoss): PgBoss {
  const queues = new Set<string>();
  const work = boss.work.bind(boss) as (...args: unknown[]) => Promise<string>;
  (boss as { work: unknown }).work = (name: string, ...rest: unknown[]) => {
    queues.add(name);
    const handler = rest.pop() as Handler;
    const wrapped: Handler = (jobs) =>
      runWithRequestId(requestIdOf(jobs[0]), async () => {
        const started = process.hrtime.bigint();
        try {
          const result = await handler(jobs);
          metrics.jobDuration.observe({ queue: name, outcome: "ok" }, secondsSince(started));
          return result;
        } catch (error) {
          metrics.jobDuration.observe({ queue: name, outcome: "error" }, secondsSince(started));
          log("jobs").error({ err: error, queue: name, jobId: jobs[0]?.id }, "job failed");
          throw error;
        }
      });
    return work(name, ...rest, wrapped);
  };
  const send = boss.send.bind(boss) as (...args: unknown[]) => Promise<string | null>;
  (boss as { send: unknown }).send = (...args: unknown[]) => {
    const requestId = currentRequestId();
    if (requestId && typeof args[0] === "string" && args[1] && typeof args[1] === "object" && !Array.isArray(args[1]))
      args[1] = { requestId, ...(args[1] as object) };
    return send(...args);
  };
  addCollector(async () => {
    for (const queue of queues) {
      const queued = await boss.getQueueSize(queue);
      const notDone = await boss.getQueueSize(queue, { before: "completed" });
      metrics.queueDepth.set({ queue, state: "queued" }, queued);
      metrics.queueDepth.set({ queue, state: "active" }, Math.max(0, notDone - queued));
    }
  });
  return boss;
}

/** The outbox lag and the transcode backlog, measured at scrape time. */
export function addDatabaseCollectors(services: Services): void {
  addCollector(async () => {
    const lag = await services.outbox.lag();
    metrics.outboxPending.set(lag.pending);
    metrics.outboxOldestAge.set(lag.oldestAgeSeconds);
  });
  addCollector(async () => metrics.transcodeBacklog.set(await services.school.pipeline.backlog()));
}

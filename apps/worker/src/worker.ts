// Background jobs on pg-boss (same PostgreSQL). The one job so far keeps the monthly fact
// table current from the outbox: a NOTIFY wakes it at once, a schedule catches anything missed.
import PgBoss from "pg-boss";
import pg from "pg";
import type { Services } from "@dangjian/services";
import { JOBS } from "./jobs/index.ts";
import { demoVideosJob } from "./jobs/demo-videos.ts";
import { interruptTranscodes, resumeTranscodes } from "./jobs/video-transcode.ts";
import { metrics, secondsSince } from "@dangjian/observability";
import { addDatabaseCollectors, instrumentBoss } from "./instrument.ts";
import { log as logger } from "./log.ts";

export const QUEUES = { outboxDrain: "outbox-drain" } as const;
/** An outbox event older than this is drained by the worker itself, whatever pg-boss's state. */
export const STALE_OUTBOX_MS = 20_000;
const SAFETY_NET_INTERVAL_MS = 5_000;

export interface WorkerOptions {
  services: Services;
  databaseUrl: string;
  log?: (message: string) => void;
  /** generate, upload and caption the demo lessons' videos (the dev start script only, ADR 0804) */
  demoVideos?: boolean;
}

export interface RunningWorker {
  boss: PgBoss;
  /** resolves when the outbox has been drained by a job after this call */
  kick(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker({
  services,
  databaseUrl,
  log = (message) => logger().info(message),
  demoVideos = false,
}: WorkerOptions): Promise<RunningWorker> {
  const boss = instrumentBoss(new PgBoss({ connectionString: databaseUrl, schema: "pgboss", max: 4 }));
  serialiseQueueCreation(boss, databaseUrl);
  addDatabaseCollectors(services);
  boss.on("error", (error) => log(`[worker] pg-boss: ${error.message}`));
  resumeTranscodes();
  await boss.start();
  // stately: at most one queued and one running drain; a burst of NOTIFYs collapses to one job.
  await boss.createQueue(QUEUES.outboxDrain, {
    name: QUEUES.outboxDrain,
    policy: "stately",
    retryLimit: 5,
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: 600,
  });
  await boss.work(QUEUES.outboxDrain, { pollingIntervalSeconds: 2 }, async () => {
    const started = process.hrtime.bigint();
    const result = await services.outbox.drain();
    metrics.outboxDrainDuration.observe(secondsSince(started));
    metrics.outboxEvents.inc(result.events);
    if (result.events > 0)
      logger("outbox").info(
        { events: result.events, factRows: result.factRows, causedBy: result.requestIds },
        `[worker] 事实表：处理 ${result.events} 条事件，更新 ${result.factRows} 行`,
      );
  });
  await boss.schedule(QUEUES.outboxDrain, "* * * * *");
  for (const job of JOBS) await job.register({ boss, services, databaseUrl, log });
  if (demoVideos) await demoVideosJob.register({ boss, services, databaseUrl, log });

  const kick = async () => {
    await boss.send(QUEUES.outboxDrain, {}).catch((error: Error) => log(`[worker] ${error.message}`));
  };
  const listener = services.outbox.listen(
    () => void kick(),
    (error) => log(`[worker] LISTEN: ${error.message}`),
  );
  await kick();

  // pg-boss settles a job only if the database answers when its handler ends: a drain that ended
  // while PostgreSQL was down stays "active" until it expires (10 min), and the stately queue runs
  // no other drain meanwhile (ADR 1042). Events must not wait that long: events pending for more
  // than STALE_OUTBOX_MS are drained here directly — safe beside any other drainer (SKIP LOCKED).
  let drainingDirectly = false;
  const safetyNet = setInterval(() => {
    if (drainingDirectly) return;
    drainingDirectly = true;
    void (async () => {
      const oldest = await services.outbox.oldestPending();
      if (!oldest || Date.now() - oldest.getTime() < STALE_OUTBOX_MS) return;
      const result = await services.outbox.drain();
      if (result.events > 0)
        log(`[worker] 事实表（补漏）：处理 ${result.events} 条滞留事件，更新 ${result.factRows} 行`);
    })()
      .catch((error: Error) => log(`[worker] 事实表补漏：${error.message}`))
      .finally(() => (drainingDirectly = false));
  }, SAFETY_NET_INTERVAL_MS);
  safetyNet.unref();

  return {
    boss,
    kick,
    async stop() {
      clearInterval(safetyNet);
      interruptTranscodes();
      await listener.close();
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
    },
  };
}

/** Any 64-bit number no other advisory lock of the platform uses ("djqueue" in ASCII). */
const QUEUE_CREATION_LOCK = "28264533204497765";

/**
 * pg-boss 10 creates one partition of its job table per queue (CREATE TABLE, ATTACH PARTITION,
 * foreign keys). Two workers starting at once and creating queues at the same moment deadlock on
 * the parent tables, and the loser never finishes starting (found by the two-worker fault test).
 * Queue creation is therefore serialised across processes: each call holds a PostgreSQL advisory
 * lock on a connection of its own while pg-boss creates the queue. A queue that exists already
 * costs one connection and one lookup at start, nothing afterwards.
 */
function serialiseQueueCreation(boss: PgBoss, databaseUrl: string) {
  const create = boss.createQueue.bind(boss);
  boss.createQueue = async (name: string, options?: PgBoss.Queue) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    // a connection lost meanwhile fails the statement in flight; unheard, its 'error' event would
    // be an uncaught exception that ends the worker
    client.on("error", () => undefined);
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1::bigint)", [QUEUE_CREATION_LOCK]);
      return await create(name, options);
    } finally {
      await client.end().catch(() => undefined); // ending the session releases the lock
    }
  };
}

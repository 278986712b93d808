// Prometheus metrics (prom-client). Every process (each gateway, each worker) keeps its own
// registry and exposes it itself; Prometheus scrapes every process and sums (ADR 1021).
import { createHash, timingSafeEqual } from "node:crypto";
import client from "prom-client";
import { getLogger } from "./logger.ts";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LONG_BUCKETS = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800];

// every metric lives in this process's registry
function histogram<L extends string = never>(
  name: string,
  help: string,
  buckets: number[],
  labelNames: readonly L[] = [],
) {
  return new client.Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
}
function counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) {
  return new client.Counter<L>({ name, help, labelNames, registers: [registry] });
}
function gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) {
  return new client.Gauge<L>({ name, help, labelNames, registers: [registry] });
}

export const metrics = {
  httpDuration: histogram(
    "dangjian_http_request_duration_seconds",
    "HTTP requests by route (a fixed set of route patterns), method and status",
    LATENCY_BUCKETS,
    ["route", "method", "status"],
  ),
  procedureDuration: histogram(
    "dangjian_trpc_procedure_duration_seconds",
    "tRPC procedure calls (over HTTP and from the apps' loaders) by procedure, type and outcome",
    LATENCY_BUCKETS,
    ["procedure", "type", "outcome"],
  ),
  heartbeats: counter("dangjian_heartbeats_total", "Player heartbeats received by this gateway, by outcome", [
    "outcome",
  ]),
  heartbeatFlushDuration: histogram(
    "dangjian_heartbeat_flush_duration_seconds",
    "Write-behind flushes of credited watching time (ADR 0402)",
    LATENCY_BUCKETS,
    ["outcome"],
  ),
  outboxPending: gauge(
    "dangjian_outbox_pending_events",
    "Outbox events not yet processed (measured by the worker at scrape time)",
  ),
  outboxOldestAge: gauge(
    "dangjian_outbox_oldest_pending_age_seconds",
    "Age of the oldest unprocessed outbox event: the outbox lag (0 when empty)",
  ),
  outboxDrainDuration: histogram(
    "dangjian_outbox_drain_duration_seconds",
    "Outbox drains (fact-table recompute + incremental warnings)",
    LATENCY_BUCKETS,
  ),
  outboxEvents: counter("dangjian_outbox_events_processed_total", "Outbox events processed by this worker"),
  jobDuration: histogram(
    "dangjian_job_duration_seconds",
    "Background jobs (pg-boss) by queue and outcome",
    LONG_BUCKETS,
    ["queue", "outcome"],
  ),
  queueDepth: gauge(
    "dangjian_job_queue_depth",
    "Jobs waiting (queued) or running (active) per pg-boss queue, measured at scrape time",
    ["queue", "state"],
  ),
  warningPassDuration: histogram(
    "dangjian_warning_pass_duration_seconds",
    "Warning evaluation passes: the nightly full pass and the incremental ones after each drain",
    LONG_BUCKETS,
    ["kind"],
  ),
  lagTolerantReads: counter(
    "dangjian_lag_tolerant_reads_total",
    "Reads that may lag a little (dashboards, reports, search, lists; ADR 1002) by where they went and why",
    ["served_by", "reason"],
  ),
  replicaStaleness: gauge(
    "dangjian_db_replica_staleness_seconds",
    "How old the newest primary WAL position the read replica has replayed is (-1: unknown); measured at scrape time",
  ),
  replicaLagBytes: gauge(
    "dangjian_db_replica_lag_bytes",
    "WAL bytes the read replica had still to replay at its last check (-1: unknown)",
  ),
  replicaServing: gauge(
    "dangjian_db_replica_serving",
    "1 while this process sends lag-tolerant reads to the replica, 0 while they go to the primary",
  ),
  transcodeBacklog: gauge(
    "dangjian_transcode_backlog",
    "Uploaded videos not yet ready (uploaded, probing or transcoding), measured at scrape time",
  ),
};

/** Seconds since `start` (process.hrtime.bigint()). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

type Collector = () => Promise<void>;
const collectors: Collector[] = [];

/** A measurement taken at scrape time (queue depths, outbox lag): runs before each exposition. */
export function addCollector(collector: Collector): void {
  collectors.push(collector);
}

/** The exposition text; a collector that fails (database down) leaves its gauges as they were. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  await Promise.all(
    collectors.map((collect) =>
      Promise.race([collect(), new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]).catch(
        (error: unknown) => getLogger("metrics").warn({ err: error }, "metrics collector failed"),
      ),
    ),
  );
  return { contentType: registry.contentType, body: await registry.metrics() };
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Does an Authorization header carry the metrics token (`Bearer <token>`)? Constant-time: both
 * sides are hashed to the same length first, so neither the length nor a prefix leaks.
 */
export function metricsAuthorized(token: string, authorization: string | undefined): boolean {
  if (!authorization?.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(authorization.slice("Bearer ".length)), digest(token));
}

/** METRICS_TOKEN must be long enough to resist guessing. */
export function validMetricsToken(token: string | undefined): string | undefined {
  if (token === undefined || token === "") return undefined;
  if (token.length < 16) throw new Error("METRICS_TOKEN 太短：至少 16 个字符（例如 openssl rand -hex 32）");
  return token;
}

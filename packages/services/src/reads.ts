// Where a read goes (ADR 1002). Use cases whose answer may lag a little (dashboards, reports,
// search, lists) are bound through `lagTolerant`: with a read replica configured they run against
// it when it is streaming, within its staleness bound, and has replayed past the actor's own
// newest write (`actor.readAfterLsn`); otherwise, and whenever the replica fails them, against the
// primary. Everything else (writes, and reads that must be current) uses `deps.db`, the primary.
import { metrics, getLogger } from "@dangjian/observability";
import type { ReadReplica, ReplicaState } from "@dangjian/db/replica";
import type { Actor } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import { outageOf } from "./health.ts";

/** Why a lag-tolerant read went where it went (the metric's `reason` label). */
export type ReadRoute =
  | "no_replica"
  | "replica"
  | "own_write"
  | "replica_lagging"
  | "replica_down"
  | "replica_not_standby"
  | "replica_failed";

export function routeFor(replica: ReadReplica | undefined, afterLsn: string | null | undefined): ReadRoute {
  if (!replica) return "no_replica";
  const state = replica.state();
  switch (state.status) {
    case "streaming":
      return replica.serves(afterLsn) ? "replica" : "own_write";
    case "lagging":
      return "replica_lagging";
    case "not_standby":
    case "other_cluster":
      return "replica_not_standby";
    default:
      return "replica_down";
  }
}

/**
 * Errors after which the same read is asked of the primary instead: the replica cannot be
 * reached or dropped the connection, or it cancelled the query because replaying the primary's
 * WAL conflicted with it (SQLSTATE 40001 on a standby). A use case that tries to write on the
 * replica (25006, read-only transaction) is a bug and is not hidden.
 */
export function replicaFailure(error: unknown, depth = 0): boolean {
  if (outageOf(error) === "database") return true;
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
  const message = typeof e.message === "string" ? e.message : "";
  if ((e.code === "40001" || e.originalCode === "40001") && /conflict with recovery/i.test(message)) return true;
  if (/conflict with recovery|terminating connection due to conflict/i.test(message)) return true;
  const meta = e.meta as { driverAdapterError?: unknown } | undefined;
  return replicaFailure(e.cause, depth + 1) || replicaFailure(meta?.driverAdapterError, depth + 1);
}

/**
 * Runs a read that may lag a little: on the replica when it may serve this actor, else on the
 * primary. A replica that fails the read costs a second try on the primary, never an error.
 */
export async function lagTolerant<T>(
  deps: ServiceDeps,
  actor: Pick<Actor, "readAfterLsn"> | null,
  read: (deps: ServiceDeps) => Promise<T>,
): Promise<T> {
  const replica = deps.replica;
  const route = routeFor(replica, actor?.readAfterLsn);
  if (route !== "replica" || !replica) {
    metrics.lagTolerantReads.inc({ served_by: "primary", reason: route });
    return read(deps);
  }
  try {
    const result = await read({ ...deps, db: replica.db });
    metrics.lagTolerantReads.inc({ served_by: "replica", reason: "replica" });
    return result;
  } catch (error) {
    if (!replicaFailure(error)) throw error;
    replica.failed();
    getLogger("db").warn({ err: error }, "read replica failed a read; asked the primary instead");
    metrics.lagTolerantReads.inc({ served_by: "primary", reason: "replica_failed" });
    return read(deps);
  }
}

/**
 * After a write: the primary's WAL position, which the writer's later reads must see (null
 * without a replica: nothing to wait for). Sets it on the actor for the rest of this request;
 * the caller carries it to the actor's next requests (the gateway: a cookie).
 */
export async function afterWrite(deps: ServiceDeps, actor: Pick<Actor, "readAfterLsn"> | null): Promise<string | null> {
  if (!deps.replica) return null;
  const lsn = await deps.replica.fence();
  if (actor) actor.readAfterLsn = lsn;
  return lsn;
}

/** The replica's state for /readyz and the log; null when none is configured. */
export function replicaState(deps: ServiceDeps): (ReplicaState & { maxLagMs: number }) | null {
  return deps.replica ? { ...deps.replica.state(), maxLagMs: deps.replica.maxLagMs } : null;
}

/** The metrics the replica's monitor keeps current (after each of its checks). */
export function recordReplicaMetrics(state: ReplicaState, serving: boolean): void {
  metrics.replicaStaleness.set(state.stalenessMs === null ? -1 : state.stalenessMs / 1000);
  metrics.replicaLagBytes.set(state.lagBytes ?? -1);
  metrics.replicaServing.set(serving ? 1 : 0);
}

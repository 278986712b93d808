// Readiness of one process (ADR 1040): can it reach what requests need — PostgreSQL, the object
// store, the search engine? Each check is bounded by a short timeout, so a probe answers within
// a few seconds even when a dependency hangs; the answer names what failed with a fixed reason
// ("timeout", "unreachable", "error"), never an error message (those may carry hosts or keys).
import { AppError } from "@dangjian/core";
import type { ReplicaStatus } from "@dangjian/db/replica";
import type { ServiceDeps } from "./deps.ts";

export type ReadinessName = "database" | "storage" | "search";
export type ReadinessReason = "timeout" | "unreachable" | "error" | "not_configured";

export interface ReadinessCheck {
  ok: boolean;
  /** how long the check took, milliseconds */
  ms: number;
  reason?: ReadinessReason;
}

export interface Readiness {
  ready: boolean;
  checks: Record<ReadinessName, ReadinessCheck>;
  /** the names of the failed checks, in a stable order */
  failed: ReadinessName[];
  /**
   * The read replica, when one is configured (ADR 1002): reported, never a reason to be unready
   * (lag-tolerant reads go to the primary while it is down or behind).
   */
  replica?: { status: ReplicaStatus; stalenessMs: number | null; lagBytes: number | null; maxLagMs: number };
}

class CheckTimeout extends Error {}

const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|ETIMEDOUT|Can't reach database|Connection terminated|connection.*(closed|refused)|shutting down|starting up|P1001|P1017|socket hang up/i;

/** Fixed words for an error: a check's reason never quotes the error itself. */
export function reasonOf(error: unknown): ReadinessReason {
  if (error instanceof CheckTimeout) return "timeout";
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string } } | null;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "timeout";
  const text = `${e?.code ?? ""} ${e?.cause?.code ?? ""} ${e?.name ?? ""} ${e?.message ?? ""}`;
  return UNREACHABLE.test(text) ? "unreachable" : "error";
}

async function timed(fn: () => Promise<unknown>, timeoutMs: number): Promise<ReadinessCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout()), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), reason: reasonOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the three checks at once; each gives up after `timeoutMs`. */
export async function readiness(deps: ServiceDeps, options: { timeoutMs?: number } = {}): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const storage = deps.storage;
  const engine = deps.searchEngine;
  const [database, storageCheck, search] = await Promise.all([
    timed(() => deps.db.$queryRawUnsafe("SELECT 1"), timeoutMs),
    storage
      ? timed(() => storage.ping(timeoutMs), timeoutMs)
      : Promise.resolve<ReadinessCheck>({ ok: false, ms: 0, reason: "not_configured" }),
    engine
      ? timed(async () => {
          const health = await engine.health();
          if (!health.ok) throw new Error(health.detail ?? "search engine not healthy");
        }, timeoutMs)
      : // the embedded engine lives in PostgreSQL: its table must answer
        timed(() => deps.db.$queryRawUnsafe(`SELECT 1 FROM "SearchDocument" LIMIT 1`), timeoutMs),
  ]);
  const checks = { database, storage: storageCheck, search };
  const failed = (Object.keys(checks) as ReadinessName[]).filter((name) => !checks[name].ok);
  const replica = deps.replica?.state();
  return {
    ready: failed.length === 0,
    checks,
    failed,
    ...(replica && deps.replica
      ? {
          replica: {
            status: replica.status,
            stalenessMs: replica.stalenessMs,
            lagBytes: replica.lagBytes,
            maxLagMs: deps.replica.maxLagMs,
          },
        }
      : {}),
  };
}

const ALL_FAILED: Readiness = {
  ready: false,
  checks: {
    database: { ok: false, ms: 0, reason: "error" },
    storage: { ok: false, ms: 0, reason: "error" },
    search: { ok: false, ms: 0, reason: "error" },
  },
  failed: ["database", "storage", "search"],
};

/**
 * A probe's view of readiness: concurrent probes share one check and an answer is reused for
 * `cacheMs`, so a probe storm costs the dependencies at most one round per interval. Never rejects.
 */
export function sharedReadiness(
  source: { readiness(options?: { timeoutMs?: number }): Promise<Readiness> },
  options: { cacheMs?: number; timeoutMs?: number } = {},
): () => Promise<Readiness> {
  const cacheMs = options.cacheMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 2000;
  let last: { at: number; value: Readiness } | null = null;
  let inFlight: Promise<Readiness> | null = null;
  return () => {
    if (last && Date.now() - last.at < cacheMs) return Promise.resolve(last.value);
    inFlight ??= source
      .readiness({ timeoutMs })
      .catch(() => ALL_FAILED)
      .then((value) => {
        last = { at: Date.now(), value };
        return value;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}

// ── outages seen by a use case ──

/** Prisma's codes for "the server cannot be reached / closed the connection / the pool waited too long". */
const PRISMA_OUTAGE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The driver adapter's kinds for the same. */
const ADAPTER_OUTAGE =
  /^(DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections|TransactionStartTimeout)$/;
/** SQLSTATE: connection exceptions (08…), admin/crash shutdown, cannot connect now, too many connections. */
const SQLSTATE_OUTAGE = /^(08...|57P0[1-4]|53300)$/;
const DRIVER_OUTAGE =
  /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$|Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout/i;

type ErrorShape = {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
};

function databaseOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as ErrorShape;
  if (typeof e.code === "string" && PRISMA_OUTAGE.has(e.code)) return true;
  if (typeof e.kind === "string" && ADAPTER_OUTAGE.test(e.kind)) return true;
  for (const code of [e.code, e.originalCode]) if (typeof code === "string" && SQLSTATE_OUTAGE.test(code)) return true;
  if (typeof e.code === "string" && DRIVER_OUTAGE.test(e.code)) return true;
  if (typeof e.message === "string" && e.name !== "StorageUnavailableError" && DRIVER_OUTAGE.test(e.message))
    return true;
  return databaseOutage(e.cause, depth + 1) || databaseOutage(e.meta?.driverAdapterError, depth + 1);
}

/** Which dependency an error says is down, if any (ADR 1040). */
export function outageOf(error: unknown): "database" | "storage" | null {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    // the storage client wraps its outages (a bare ECONNREFUSED here is the database driver's)
    if ((e as ErrorShape).name === "StorageUnavailableError") return "storage";
    e = (e as ErrorShape).cause;
  }
  return databaseOutage(error) ? "database" : null;
}

/** The user's answer to an outage: 503 with a clear message; null when the error is something else. */
export function unavailableError(error: unknown): AppError | null {
  if (error instanceof AppError) return null;
  const outage = outageOf(error);
  if (outage === "database") return new AppError("UNAVAILABLE", "error.databaseUnavailable");
  if (outage === "storage") return new AppError("UNAVAILABLE", "error.storageUnavailable");
  return null;
}

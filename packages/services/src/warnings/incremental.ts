// The incremental path: after the outbox drain recomputed the touched fact rows, re-evaluate the
// warnings of exactly those organisations (and their members and partnerships), in the same
// transaction. A failure here must not block the facts every other screen depends on: it rolls
// back to a savepoint, is logged, and the nightly full pass catches up.
import { getLogger, metrics, secondsSince } from "@dangjian/observability";
import type { DbTx } from "@dangjian/db";
import type { FactKey } from "../facts/recompute.ts";
import { evaluateWarnings, type EvaluationStats } from "./evaluate.ts";

export async function evaluateTouched(tx: DbTx, keys: readonly FactKey[], now: Date): Promise<EvaluationStats | null> {
  const orgIds = [...new Set(keys.map((k) => k.orgId))];
  if (orgIds.length === 0) return null;
  await tx.$executeRawUnsafe("SAVEPOINT warnings_incremental");
  try {
    const started = process.hrtime.bigint();
    const stats = await evaluateWarnings(tx, now, orgIds);
    metrics.warningPassDuration.observe({ kind: "incremental" }, secondsSince(started));
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT warnings_incremental");
    return stats;
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT warnings_incremental");
    getLogger("warnings").error({ err: error }, "incremental evaluation failed; the nightly pass will catch up");
    return null;
  }
}

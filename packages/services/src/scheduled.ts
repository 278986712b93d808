// Scheduled work that must run once per slot however many workers see its trigger (ADR 1003).
// pg-boss's cron sends a job from whichever worker's timekeeper fires, at most once a minute per
// schedule, and every worker sends a catch-up job when it starts; the "stately" queue keeps one
// job running and one waiting, so a second job for the same slot still runs after the first.
// Here: a transaction-level advisory lock per job serialises the runs across processes, and the
// slot's row, written in that transaction after the run, makes every later run of the slot a no-op.
import type { ServiceDeps } from "./deps.ts";

export type OnceResult<T> = { ran: true; result: T } | { ran: false; finishedAt: Date };

/** Any 64-bit number no other advisory lock of the platform uses, per job name. */
const lockKey = (job: string) => `dangjian-scheduled:${job}`;

export async function runOncePerSlot<T>(
  deps: ServiceDeps,
  job: string,
  slotOf: (now: Date) => Date,
  run: () => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<OnceResult<T>> {
  const key = `${job}@${slotOf(deps.now()).toISOString()}`;
  return deps.db.$transaction(
    async (tx) => {
      // held until this transaction ends: another worker's run of the same job waits here
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${lockKey(job)}, 0))`;
      const done = await tx.scheduledRun.findUnique({ where: { key } });
      if (done) return { ran: false, finishedAt: done.finishedAt } as const;
      const started = Date.now();
      // the run uses connections of its own; if it fails nothing is recorded and a retry runs it again
      const result = await run();
      await tx.scheduledRun.create({ data: { key, ms: Date.now() - started } });
      return { ran: true, result } as const;
    },
    { timeout: options.timeoutMs ?? 3_600_000, maxWait: 60_000 },
  );
}

// The outbox: services write an event in the same transaction as the fact it announces;
// the worker drains it. Draining is at-least-once, and every consumer is idempotent.
import { isMonthKey, type MonthKey } from "@dangjian/core";
import type { DbTx, Prisma } from "@dangjian/db";
import { currentRequestId } from "@dangjian/observability";
import type { ServiceDeps } from "../deps.ts";
import { recomputeFacts, type FactKey } from "../facts/recompute.ts";
import { evaluateTouched } from "../warnings/incremental.ts";

export const OUTBOX_CHANNEL = "dangjian_outbox";

/** Topics and their payloads. Every fact-bearing event names the (org, month) keys it touches. */
export type OutboxTopic = "facts.touch";
export interface FactsTouchPayload {
  keys: FactKey[];
}

export async function publish(tx: DbTx, topic: OutboxTopic, payload: FactsTouchPayload): Promise<void> {
  // the request that caused the event travels with it: the worker's log lines name it
  const requestId = currentRequestId();
  const data = requestId ? { ...payload, requestId } : payload;
  await tx.outboxEvent.create({ data: { topic, payload: data as unknown as Prisma.InputJsonValue } });
}

/** The request ids of the events in a batch (for the worker's log line). */
export function requestIdsOf(payloads: unknown[]): string[] {
  const ids = new Set<string>();
  for (const payload of payloads) {
    const id = (payload as { requestId?: unknown } | null)?.requestId;
    if (typeof id === "string" && id.length <= 128) ids.add(id);
  }
  return [...ids];
}

/** The fact keys an event touches; malformed entries are ignored rather than blocking the queue. */
export function factKeysOf(payload: unknown): FactKey[] {
  const keys = (payload as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return [];
  return keys.filter(
    (k): k is { orgId: string; month: MonthKey } =>
      typeof k === "object" &&
      k !== null &&
      typeof k.orgId === "string" &&
      /^[0-9a-f-]{36}$/i.test(k.orgId) &&
      typeof k.month === "string" &&
      isMonthKey(k.month),
  );
}

export interface DrainResult {
  events: number;
  factRows: number;
  /** the requests whose writes announced the events processed (at most 20) */
  requestIds: string[];
}

/**
 * Processes up to `batch` pending events in one transaction: recompute the fact rows they
 * touch, then mark them processed. Concurrent drainers skip each other's rows.
 */
export async function drainOutboxBatch(deps: ServiceDeps, batch = 200): Promise<DrainResult> {
  return deps.db.$transaction(
    async (tx) => {
      // small keyed statements: JIT compilation (on by default above a cost estimate) only adds ~100 ms
      await tx.$executeRawUnsafe("SET LOCAL jit = off");
      const events = await tx.$queryRawUnsafe<Array<{ id: bigint; topic: string; payload: unknown }>>(
        `SELECT id, topic, payload FROM "OutboxEvent" WHERE "processedAt" IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        batch,
      );
      if (events.length === 0) return { events: 0, factRows: 0, requestIds: [] };
      const unique = new Map<string, FactKey>();
      for (const event of events)
        for (const key of factKeysOf(event.payload)) unique.set(`${key.orgId}|${key.month}`, key);
      const factRows = await recomputeFacts(tx, [...unique.values()]);
      // warnings of the touched organisations, in the same transaction (fails soft: see incremental.ts)
      await evaluateTouched(tx, [...unique.values()], deps.now());
      await tx.outboxEvent.updateMany({
        where: { id: { in: events.map((e) => e.id) } },
        data: { processedAt: deps.now(), attempts: { increment: 1 } },
      });
      return { events: events.length, factRows, requestIds: requestIdsOf(events.map((e) => e.payload)) };
    },
    { timeout: 60_000 },
  );
}

export async function drainOutbox(deps: ServiceDeps, batch = 200): Promise<DrainResult> {
  const total: DrainResult = { events: 0, factRows: 0, requestIds: [] };
  for (;;) {
    const result = await drainOutboxBatch(deps, batch);
    total.events += result.events;
    total.factRows += result.factRows;
    for (const id of result.requestIds)
      if (total.requestIds.length < 20 && !total.requestIds.includes(id)) total.requestIds.push(id);
    if (result.events < batch) return total;
  }
}

/**
 * Drains, then waits until no event is pending, including those another drainer holds (skipped
 * above): for work that must see every announced fact derived, like the full warning pass.
 * Returns false if events are still pending after `timeoutMs`.
 */
export async function settleOutbox(deps: ServiceDeps, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await drainOutbox(deps);
    if ((await pendingOutboxEvents(deps)) === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Events not yet processed and the age of the oldest (the outbox lag), for the metrics. */
export async function outboxLag(deps: ServiceDeps): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const [row] = await deps.db.$queryRawUnsafe<Array<{ pending: bigint; oldest: Date | null }>>(
    `SELECT count(*) AS pending, min("createdAt") AS oldest FROM "OutboxEvent" WHERE "processedAt" IS NULL`,
  );
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return {
    pending: Number(row?.pending ?? 0),
    oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (deps.now().getTime() - oldest) / 1000),
  };
}

/** When the oldest event still waiting was written (null when none waits). */
export async function oldestPendingOutboxEvent(deps: ServiceDeps): Promise<Date | null> {
  const oldest = await deps.db.outboxEvent.findFirst({
    where: { processedAt: null },
    orderBy: { id: "asc" },
    select: { createdAt: true },
  });
  return oldest?.createdAt ?? null;
}

export async function pendingOutboxEvents(deps: ServiceDeps): Promise<number> {
  return deps.db.outboxEvent.count({ where: { processedAt: null } });
}

// Keeps an external engine (Meilisearch) in step with the facts through the search outbox
// ("SearchOutbox": one row per document key, written by indexInTx() in the facts' transaction).
// A batch is taken with FOR UPDATE SKIP LOCKED, rebuilt from the facts, pushed (tasks awaited)
// and its keys deleted in the same transaction: if the engine is down or the process dies, the
// transaction rolls back and the keys wait for the next run. Pushing is idempotent (upsert by key,
// delete by key), so a retry after a push whose commit was lost does no harm.
import { SEARCH_TYPES, type SearchType } from "@dangjian/core";
import type { SearchEngine } from "@dangjian/search";
import type { ServiceDeps } from "../deps.ts";
import { buildDocuments } from "./documents.ts";

export interface SyncResult {
  pushed: number;
  deleted: number;
}

/** One batch to `target`. Throws (keys kept, attempt and error recorded) when the engine fails. */
export async function syncBatch(deps: ServiceDeps, target: SearchEngine, batch = 200): Promise<SyncResult> {
  try {
    return await deps.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRawUnsafe<Array<{ key: string; type: string; refId: string }>>(
          `SELECT key, type, "refId" FROM "SearchOutbox" ORDER BY "enqueuedAt", key LIMIT $1 FOR UPDATE SKIP LOCKED`,
          batch,
        );
        if (rows.length === 0) return { pushed: 0, deleted: 0 };
        let pushed = 0;
        let deleted = 0;
        for (const type of SEARCH_TYPES) {
          const ids = rows.filter((r) => r.type === type).map((r) => r.refId);
          if (ids.length === 0) continue;
          const docs = await buildDocuments(tx, type as SearchType, ids);
          await target.upsert(docs);
          const found = new Set(docs.map((d) => d.id));
          const gone = ids.filter((id) => !found.has(id)).map((id) => ({ type: type as SearchType, id }));
          await target.delete(gone);
          pushed += docs.length;
          deleted += gone.length;
        }
        await tx.$executeRawUnsafe(
          `DELETE FROM "SearchOutbox" WHERE key = ANY($1::text[])`,
          rows.map((r) => r.key),
        );
        return { pushed, deleted };
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    // record the failure on the oldest waiting keys (outside the rolled-back transaction)
    await deps.db
      .$executeRawUnsafe(
        `UPDATE "SearchOutbox" SET attempts = attempts + 1, "lastError" = left($2, 500) WHERE key IN (SELECT key FROM "SearchOutbox" ORDER BY "enqueuedAt", key LIMIT $1)`,
        batch,
        (error as Error).message,
      )
      .catch(() => undefined);
    throw error;
  }
}

/** Drains the whole outbox to `target` (stops at the first failure, which it rethrows). */
export async function syncAll(deps: ServiceDeps, target: SearchEngine, batch = 200): Promise<SyncResult> {
  const total: SyncResult = { pushed: 0, deleted: 0 };
  for (;;) {
    const result = await syncBatch(deps, target, batch);
    total.pushed += result.pushed;
    total.deleted += result.deleted;
    if (result.pushed + result.deleted === 0) return total;
  }
}

export interface SearchLag {
  /** documents waiting for the external engine */
  pending: number;
  /** age of the oldest waiting document, seconds (0 when none) */
  oldestSeconds: number;
  lastError: string | null;
}

export async function searchLag(deps: ServiceDeps): Promise<SearchLag> {
  const [row] = await deps.db.$queryRawUnsafe<
    Array<{ pending: number; oldest: number | null; lastError: string | null }>
  >(
    `SELECT count(*)::int AS pending, extract(epoch FROM (clock_timestamp() - min("enqueuedAt")))::float8 AS oldest,
            (SELECT "lastError" FROM "SearchOutbox" WHERE "lastError" IS NOT NULL ORDER BY "enqueuedAt" LIMIT 1) AS "lastError"
     FROM "SearchOutbox"`,
  );
  return {
    pending: row?.pending ?? 0,
    oldestSeconds: Math.max(0, row?.oldest ?? 0),
    lastError: row?.lastError ?? null,
  };
}

/** Queues every indexed document for the external engine (the reindex command). */
export async function enqueueAll(deps: ServiceDeps): Promise<number> {
  return deps.db.$executeRawUnsafe(
    `INSERT INTO "SearchOutbox" (key, type, "refId") SELECT key, type, "refId" FROM "SearchDocument" ON CONFLICT (key) DO NOTHING`,
  );
}

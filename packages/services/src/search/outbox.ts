// The search outbox's write side: called by indexInTx() in the facts' transaction (sync.ts drains it).
import type { DbTx } from "@dangjian/db";
import type { SearchRef } from "./documents.ts";

export async function enqueueForSync(tx: DbTx, refs: readonly SearchRef[]): Promise<void> {
  if (refs.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "SearchOutbox" (key, type, "refId") SELECT t || '_' || r, t, r FROM unnest($1::text[], $2::text[]) AS x(t, r)
     ON CONFLICT (key) DO UPDATE SET "enqueuedAt" = LEAST("SearchOutbox"."enqueuedAt", EXCLUDED."enqueuedAt")`,
    refs.map((r) => r.type),
    refs.map((r) => r.id),
  );
}

// The search outbox's write side: called by indexInTx() in the facts' transaction (sync.ts drains it).
import type { SearchType } from "@dangjian/core";
import type { DbTx } from "@dangjian/db";

/** A searchable row: its type and id. */
export interface SearchRef {
  type: SearchType;
  id: string;
}

export async function enqueueForSync(tx: DbTx, refs: readonly SearchRef[]): Promise<void> {
  if (refs.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "SearchOutbox" (key, type, "refId") SELECT t || '_' || r, t, r FROM unnest($1::text[], $2::text[]) AS x(t, r)
     ON CONFLICT (key) DO UPDATE SET "enqueuedAt" = LEAST("SearchOutbox"."enqueuedAt", EXCLUDED."enqueuedAt")`,
    refs.map((r) => r.type),
    refs.map((r) => r.id),
  );
}

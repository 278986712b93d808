// A database seeded or filled before search existed has no documents: build them once, in one
// transaction under an advisory lock, so that the web server and the worker starting together
// do it once (the second waits, then finds the documents).
import type { ServiceDeps } from "../deps.ts";
import { reindexAll } from "./search.ts";

const LOCK_ID = 72_621_060;

export async function ensureIndexed(deps: ServiceDeps, log?: (line: string) => void): Promise<{ reindexed: boolean }> {
  return deps.db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock($1)`, LOCK_ID);
      const rows = await tx.$queryRawUnsafe<Array<{ empty: boolean }>>(
        `SELECT NOT EXISTS (SELECT 1 FROM "SearchDocument") AND EXISTS (SELECT 1 FROM "Org") AS empty`,
      );
      if (!rows[0]?.empty) return { reindexed: false };
      await reindexAll(tx, log ? { log } : {});
      return { reindexed: true };
    },
    { timeout: 600_000, maxWait: 600_000 },
  );
}

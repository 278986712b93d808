// The search use cases bound to one set of dependencies; createServices() exposes them as services.search.
import { getLogger } from "@dangjian/observability";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { lagTolerant } from "../reads.ts";
import { embeddedEngine } from "./documents.ts";
import { ensureIndexed } from "./ensure.ts";
import { backfillCaptions } from "./captions.ts";
import { reindexAll, searchFor, type SearchInput } from "./search.ts";
import { enqueueAll, searchLag, syncAll } from "./sync.ts";

async function query(deps: ServiceDeps, actor: Actor, input: SearchInput) {
  if (!deps.searchEngine) return searchFor(deps, null, actor, input);
  try {
    return await searchFor(deps, deps.searchEngine, actor, input);
  } catch (error) {
    getLogger("search").error(
      { err: error, engine: deps.searchEngine.name },
      "external search engine failed, answering from the embedded engine",
    );
    return searchFor(deps, null, actor, input);
  }
}

export function bindSearch(deps: ServiceDeps) {
  return {
    /**
     * queries the external engine when there is one; if it fails, the embedded one answers.
     * Results may lag a little: the embedded engine's table is read on a replica when there is one (ADR 1002).
     */
    query: (actor: Actor, input: SearchInput) => lagTolerant(deps, actor, (reads) => query(reads, actor, input)),
    reindex: (log?: (line: string) => void) => reindexAll(deps.db, log ? { log } : {}),
    ensureIndexed: (log?: (line: string) => void) => ensureIndexed(deps, log),
    health: async () => ({
      embedded: await embeddedEngine(deps.db).health(),
      external: deps.searchEngine ? await deps.searchEngine.health() : null,
      lag: await searchLag(deps),
    }),
    /** documents waiting for the external engine */
    lag: () => searchLag(deps),
    hasExternal: () => Boolean(deps.searchEngine),
    /** pushes waiting documents to the external engine (no-op without one) */
    syncExternal: () =>
      deps.searchEngine ? syncAll(deps, deps.searchEngine) : Promise.resolve({ pushed: 0, deleted: 0 }),
    applyExternalSettings: () => (deps.searchEngine ? deps.searchEngine.applySettings() : Promise.resolve()),
    /** captions uploaded before ADR 0603: read once from S3, stored and indexed (ADR 0605); up to `batch` videos */
    backfillCaptions: (batch?: number) => backfillCaptions(deps, batch),
    /** queues every document for the external engine (after settings changes or a new index) */
    enqueueAllForExternal: () => enqueueAll(deps),
  };
}

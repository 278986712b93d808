// The search use cases bound to one set of dependencies; createServices() exposes them as services.search.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { embeddedEngine } from "./documents.ts";
import { ensureIndexed } from "./ensure.ts";
import { reindexAll, searchFor, type SearchInput } from "./search.ts";

export function bindSearch(deps: ServiceDeps) {
  return {
    query: (actor: Actor, input: SearchInput) => searchFor(deps, null, actor, input),
    reindex: (log?: (line: string) => void) => reindexAll(deps.db, log ? { log } : {}),
    ensureIndexed: (log?: (line: string) => void) => ensureIndexed(deps, log),
    health: () => embeddedEngine(deps.db).health(),
  };
}

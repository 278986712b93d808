// Search for an actor: their scope becomes the filter on the server (core/search/acl.ts); the
// client sends only the words, optional facet filters and the page.
import { z } from "zod";
import { actorTokens, AppError, SEARCH_TYPES, t, type SearchType } from "@dangjian/core";
import type { SearchEngine, SearchResult } from "@dangjian/search";
import type { Actor } from "../actor.ts";
import { loadOrgRef } from "../actor.ts";
import type { DbTx } from "@dangjian/db";
import type { ServiceDeps } from "../deps.ts";
import { buildDocuments, embeddedEngine, type SearchRef } from "./documents.ts";

/** Longest query accepted; longer text is a mistake (pasted document), answered with a clear message. */
const MAX_QUERY_INPUT = 200;

export const searchInput = z.object({
  q: z.string().max(MAX_QUERY_INPUT, { message: t("search.queryTooLong", { max: MAX_QUERY_INPUT }) }),
  types: z.array(z.enum(SEARCH_TYPES)).max(SEARCH_TYPES.length).optional(),
  orgId: z.uuid().optional(),
  year: z.number().int().min(1921).max(2200).optional(),
  page: z
    .number()
    .int()
    .min(1)
    .max(100_000, { message: t("search.pageTooDeep") })
    .optional(),
  pageSize: z.number().int().min(1).max(50).optional(),
});
export type SearchInput = z.input<typeof searchInput>;

/** Beyond this page there is nothing useful to show; deeper pages answer empty. */
export const MAX_PAGE = 500;

export async function tokensOf(deps: ServiceDeps, actor: Actor): Promise<string[]> {
  const branch = actor.branchId ? await loadOrgRef(deps, actor.branchId) : null;
  return actorTokens({ grants: actor.grants, branch, memberId: actor.memberId });
}

export async function searchFor(
  deps: ServiceDeps,
  engine: SearchEngine | null,
  actor: Actor,
  input: SearchInput,
): Promise<SearchResult> {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pageSize = Math.min(50, Math.max(1, Math.floor(input.pageSize ?? 10)));
  if (input.types?.some((type) => !SEARCH_TYPES.includes(type))) throw new AppError("BAD_INPUT", "search.badFilter");
  const tokens = await tokensOf(deps, actor);
  const filters = { types: input.types, orgId: input.orgId, year: input.year };
  if (page > MAX_PAGE) {
    return {
      hits: [],
      total: 0,
      totalCapped: false,
      page,
      pageSize,
      facets: { type: [], org: [], year: [] },
      normalizedQuery: "",
      tookMs: 0,
    };
  }
  return (engine ?? embeddedEngine(deps.db)).search({ query: input.q, tokens, filters, page, pageSize });
}

const REINDEX_TYPES: SearchType[] = [
  "org",
  "member",
  "course",
  "lesson",
  "meeting",
  "task",
  "notice",
  "file",
  "need",
  "resource",
];

/** Rebuilds every document into `engine` (default: the embedded one) and drops stale ones. */
export async function reindexAll(
  db: DbTx,
  options: { engine?: SearchEngine; log?: (line: string) => void } = {},
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const type of REINDEX_TYPES) {
    const kept: string[] = [];
    let after: string | undefined;
    for (;;) {
      const docs = await buildDocuments(db, type, null, { ...(after ? { after } : {}), take: 1000 });
      if (docs.length === 0) break;
      await (options.engine ?? embeddedEngine(db)).upsert(docs);
      for (const d of docs) kept.push(d.id);
      after = docs[docs.length - 1]!.id;
      if (
        docs.length < 1000 &&
        type !== "file" &&
        type !== "task" &&
        type !== "notice" &&
        type !== "need" &&
        type !== "resource"
      )
        break;
    }
    if (!options.engine) await embeddedEngine(db).prune(type, kept);
    counts[type] = kept.length;
    options.log?.(`search reindex: ${type} ${kept.length}`);
  }
  return counts;
}

export type { SearchRef };

// The Meilisearch engine (production, when MEILI_HOST is set): the same prepared fields as the
// embedded engine (normalised Simplified text, jieba words and pairs, pinyin), the party
// vocabulary as its dictionary, and the actor's access tokens as a server-side filter.
import { Meilisearch, type Filter } from "meilisearch";
import type { SearchType } from "@dangjian/core";
import {
  CANDIDATE_LIMIT,
  documentKey,
  highlight,
  planQuery,
  prepareDocument,
  snippetOf,
  type EngineHealth,
  type FacetCount,
  type SearchDocument,
  type SearchEngine,
  type SearchRequest,
  type SearchResult,
} from "./engine.ts";
import { partyWords } from "./normalize.ts";
import { filterValue, scopeFilter, tenantToken, type TenantKey } from "./meili-token.ts";

export interface MeiliConfig {
  host: string;
  apiKey?: string | undefined;
  index?: string | undefined;
  /** milliseconds to wait for each task */
  timeoutMs?: number | undefined;
  /**
   * A search API key and its uid: searches then go out with a tenant token per actor whose
   * search rules carry the actor's scope (ADR 0604), not with `apiKey`.
   */
  searchKey?: TenantKey | undefined;
}

interface MeiliDocument {
  key: string;
  type: SearchType;
  refId: string;
  orgId: string | null;
  orgName: string | null;
  orgFacet: string | null;
  title: string;
  body: string;
  titleNorm: string;
  bodyNorm: string;
  titleTokens: string;
  keywordTokens: string;
  pinyinTokens: string;
  bodyTokens: string;
  year: number | null;
  at: number | null;
  url: string;
  acl: string[];
}

/** What a hit carries back (the index shows these and the key; the search retrieves these). */
const RESULT_FIELDS: Array<keyof MeiliDocument> = [
  "type",
  "refId",
  "orgId",
  "orgName",
  "title",
  "body",
  "titleNorm",
  "bodyNorm",
  "year",
  "at",
  "url",
];

export { filterValue } from "./meili-token.ts";

export function filterFor(request: SearchRequest): string[] {
  const filters = [scopeFilter(request.tokens)];
  const f = request.filters ?? {};
  if (f.types && f.types.length > 0) filters.push(`type IN [${f.types.map(filterValue).join(", ")}]`);
  if (f.orgId) filters.push(`orgId = ${filterValue(f.orgId)}`);
  if (f.year !== undefined) filters.push(`year = ${Math.trunc(f.year)}`);
  return filters;
}

export class MeiliEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly indexUid: string;
  private readonly timeout: number;

  private readonly host: string;
  private readonly searchKey: TenantKey | undefined;

  constructor(config: MeiliConfig) {
    this.client = new Meilisearch({ host: config.host, ...(config.apiKey ? { apiKey: config.apiKey } : {}) });
    this.host = config.host;
    this.searchKey = config.searchKey;
    this.indexUid = config.index ?? "dangjian";
    this.timeout = config.timeoutMs ?? 30_000;
  }

  private get index() {
    return this.client.index<MeiliDocument>(this.indexUid);
  }

  async applySettings(): Promise<void> {
    const indexes = await this.client.getIndexes({ limit: 1000 });
    if (!indexes.results.some((i) => i.uid === this.indexUid)) {
      await this.client.createIndex(this.indexUid, { primaryKey: "key" }).waitTask({ timeout: this.timeout });
    }
    await this.index
      .updateSettings({
        searchableAttributes: ["titleTokens", "titleNorm", "pinyinTokens", "keywordTokens", "bodyTokens", "bodyNorm"],
        filterableAttributes: ["acl", "type", "orgId", "year"],
        sortableAttributes: ["at"],
        displayedAttributes: ["key", ...RESULT_FIELDS],
        dictionary: partyWords(),
        synonyms: { 党日: ["主题党日"], 党课: ["讲党课"], 三会一课: ["支部党员大会", "支委会", "党小组会", "党课"] },
        localizedAttributes: [
          {
            attributePatterns: ["titleNorm", "bodyNorm", "titleTokens", "keywordTokens", "bodyTokens"],
            locales: ["cmn"],
          },
        ],
        typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
        // the same bound as the embedded engine: "1,000+" beyond it (docs/decisions/0602)
        pagination: { maxTotalHits: CANDIDATE_LIMIT + 1 },
        faceting: { maxValuesPerFacet: 200 },
      })
      .waitTask({ timeout: this.timeout });
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const docs: MeiliDocument[] = documents.map((doc) => {
      const p = prepareDocument(doc);
      return { ...p, orgFacet: p.orgId ? `${p.orgId}|${p.orgName ?? ""}` : null, at: p.at ? p.at.getTime() : null };
    });
    const task = await this.index.addDocuments(docs, { primaryKey: "key" }).waitTask({ timeout: this.timeout });
    if (task.status !== "succeeded")
      throw new Error(`Meilisearch indexing failed: ${task.error?.message ?? task.status}`);
  }

  async delete(refs: ReadonlyArray<{ type: SearchType; id: string }>): Promise<void> {
    if (refs.length === 0) return;
    const task = await this.index
      .deleteDocuments(refs.map((r) => documentKey(r.type, r.id)))
      .waitTask({ timeout: this.timeout });
    if (task.status !== "succeeded")
      throw new Error(`Meilisearch deletion failed: ${task.error?.message ?? task.status}`);
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const plan = planQuery(request.query);
    const empty: SearchResult = {
      hits: [],
      total: 0,
      totalCapped: false,
      page: request.page,
      pageSize: request.pageSize,
      facets: { type: [], org: [], year: [] },
      normalizedQuery: plan.normalized,
      tookMs: 0,
    };
    if (plan.words.length === 0 || request.tokens.length === 0) return empty;
    const filter: Filter = filterFor(request);
    // with a search key: a tenant token whose rules hold the actor's scope, on top of the filter
    const searcher = this.searchKey
      ? new Meilisearch({
          host: this.host,
          apiKey: await tenantToken(this.searchKey, this.indexUid, request.tokens),
        }).index<MeiliDocument>(this.indexUid)
      : this.index;
    const response = await searcher.search(plan.words.join(" "), {
      filter,
      page: request.page,
      hitsPerPage: request.pageSize,
      facets: ["type", "orgId", "year"],
      attributesToRetrieve: [...RESULT_FIELDS],
    });
    const unfiltered = await searcher.search(plan.words.join(" "), {
      filter: filterFor({ ...request, filters: {} }),
      limit: 0,
      facets: ["type", "orgFacet", "year"],
    });
    const dist = unfiltered.facetDistribution ?? {};
    const facet = (name: string, label: (v: string) => string): FacetCount[] =>
      Object.entries(dist[name] ?? {}).map(([value, count]) => ({
        value: name === "orgFacet" ? value.split("|")[0]! : value,
        label: label(value),
        count,
      }));
    return {
      // the bound holds here too: nothing past the 1,000th result (maxTotalHits is 1,001 to tell "1,000+")
      hits: response.hits.slice(0, Math.max(0, CANDIDATE_LIMIT - (request.page - 1) * request.pageSize)).map((h) => ({
        type: h.type,
        id: h.refId,
        title: highlight(h.title, h.titleNorm, plan.marks),
        snippet: snippetOf(h.body, h.bodyNorm, plan.marks),
        orgId: h.orgId,
        orgName: h.orgName,
        year: h.year,
        at: h.at === null ? null : new Date(h.at),
        url: h.url,
      })),
      total: Math.min(response.totalHits ?? response.hits.length, CANDIDATE_LIMIT),
      totalCapped: (response.totalHits ?? 0) > CANDIDATE_LIMIT,
      page: request.page,
      pageSize: request.pageSize,
      facets: {
        type: facet("type", (v) => v),
        org: facet("orgFacet", (v) => v.split("|").slice(1).join("|"))
          .sort((a, b) => b.count - a.count)
          .slice(0, 12),
        year: facet("year", (v) => v).sort((a, b) => Number(b.value) - Number(a.value)),
      },
      normalizedQuery: plan.normalized,
      tookMs: performance.now() - started,
    };
  }

  async health(): Promise<EngineHealth> {
    try {
      await this.client.health();
      const stats = await this.index.getStats().catch(() => null);
      return { engine: "meilisearch", ok: true, documents: stats?.numberOfDocuments ?? 0 };
    } catch (error) {
      return { engine: "meilisearch", ok: false, documents: null, detail: (error as Error).message };
    }
  }
}

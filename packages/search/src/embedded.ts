// The embedded engine: the "SearchDocument" table in the platform's own PostgreSQL (migration
// 20261204230000_search). It runs its SQL through the executor it is given, so that services
// can index inside the transaction that writes the facts (docs/decisions/0601-search-engines.md).
import type { SearchType } from "@dangjian/core";
import {
  highlight,
  planQuery,
  prepareDocument,
  snippetOf,
  documentKey,
  type EngineHealth,
  type FacetCount,
  type PreparedDocument,
  type QueryPlan,
  type SearchDocument,
  type SearchEngine,
  type SearchRequest,
  type SearchResult,
} from "./engine.ts";

/** Runs one parameterised statement ($1, $2, …) and returns its rows. */
export type SqlExecutor = <T = Record<string, unknown>>(sql: string, params: readonly unknown[]) => Promise<T[]>;

/** A word as a tsquery lexeme; words hold only letters and digits (normalize.ts), quoted anyway. */
function lexeme(word: string, prefix = false): string {
  return `'${word.replaceAll("'", "''").replaceAll("\\", "\\\\")}'${prefix ? ":*" : ""}`;
}

/** The tsquery text for a plan: every word must match (a long word as itself or as its pairs). */
export function tsqueryOf(plan: QueryPlan): string | null {
  const parts: string[] = [];
  plan.words.forEach((word, index) => {
    const last = index === plan.words.length - 1;
    const chars = [...word];
    if (/\p{Script=Han}/u.test(word)) {
      if (chars.length === 1) parts.push(lexeme(word, true));
      else if (chars.length === 2) parts.push(last ? `(${lexeme(word)} | ${lexeme(word, true)})` : lexeme(word));
      else {
        const pairs: string[] = [];
        for (let i = 0; i + 1 < chars.length; i++) pairs.push(lexeme(chars[i]! + chars[i + 1]!));
        parts.push(`(${lexeme(word)} | (${pairs.join(" & ")}))`);
      }
    } else parts.push(lexeme(word, true));
  });
  if (parts.length === 0) return null;
  const all = parts.join(" & ");
  return plan.pinyin && plan.words.length > 1 ? `(${all}) | ${lexeme(plan.pinyin, true)}` : all;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const TYPE_ORDER: Record<SearchType, number> = { course: 0, lesson: 1, meeting: 2, notice: 3, task: 4, org: 5, member: 6, file: 7, need: 8, resource: 9 };

export class EmbeddedEngine implements SearchEngine {
  readonly name = "embedded" as const;
  constructor(private readonly exec: SqlExecutor) {}

  async applySettings(): Promise<void> {
    // Columns, indexes and pg_trgm come with the migration; this only proves they are there.
    await this.exec(`SELECT 1 FROM "SearchDocument" LIMIT 1`, []);
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.upsertPrepared(documents.map(prepareDocument));
  }

  async upsertPrepared(docs: readonly PreparedDocument[]): Promise<void> {
    const unique = [...new Map(docs.map((d) => [d.key, d])).values()];
    for (let i = 0; i < unique.length; i += 500) {
      const slice = unique.slice(i, i + 500);
      const col = <K extends keyof PreparedDocument>(k: K) => slice.map((d) => d[k]);
      await this.exec(
        `INSERT INTO "SearchDocument" (key, type, "refId", "orgId", "orgName", title, body, "titleNorm", "bodyNorm", year, at, url, acl, tsv, "titleTsv", "updatedAt")
         SELECT d.key, d.type, d."refId", d."orgId"::uuid, d."orgName", d.title, d.body, d."titleNorm", d."bodyNorm", d.year, d.at, d.url,
                ARRAY(SELECT jsonb_array_elements_text(d.acl)),
                setweight(to_tsvector('simple', d.tt), 'A') || setweight(to_tsvector('simple', d.kt), 'B')
                  || setweight(to_tsvector('simple', d.pt), 'B') || setweight(to_tsvector('simple', d.bt), 'D'),
                setweight(to_tsvector('simple', d.tt), 'A') || setweight(to_tsvector('simple', d.kt), 'B') || setweight(to_tsvector('simple', d.pt), 'B'),
                now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::timestamptz[], $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::text[], $17::text[])
           AS d(key, type, "refId", "orgId", "orgName", title, body, "titleNorm", "bodyNorm", year, at, url, acl, tt, kt, pt, bt)
         ON CONFLICT (key) DO UPDATE SET type = EXCLUDED.type, "refId" = EXCLUDED."refId", "orgId" = EXCLUDED."orgId", "orgName" = EXCLUDED."orgName",
           title = EXCLUDED.title, body = EXCLUDED.body, "titleNorm" = EXCLUDED."titleNorm", "bodyNorm" = EXCLUDED."bodyNorm", year = EXCLUDED.year,
           at = EXCLUDED.at, url = EXCLUDED.url, acl = EXCLUDED.acl, tsv = EXCLUDED.tsv, "titleTsv" = EXCLUDED."titleTsv", "updatedAt" = now()`,
        [
          col("key"),
          col("type"),
          col("refId"),
          col("orgId"),
          col("orgName"),
          col("title"),
          col("body"),
          col("titleNorm"),
          col("bodyNorm"),
          col("year"),
          col("at").map((d) => (d ? d.toISOString() : null)),
          col("url"),
          slice.map((d) => JSON.stringify(d.acl)),
          col("titleTokens"),
          col("keywordTokens"),
          col("pinyinTokens"),
          col("bodyTokens"),
        ],
      );
    }
  }

  async delete(refs: ReadonlyArray<{ type: SearchType; id: string }>): Promise<void> {
    if (refs.length === 0) return;
    await this.exec(`DELETE FROM "SearchDocument" WHERE key = ANY($1::text[])`, [refs.map((r) => documentKey(r.type, r.id))]);
  }

  /** Removes every document of a type whose id is not in `keep` (for a full reindex). */
  async prune(type: SearchType, keep: readonly string[]): Promise<number> {
    const rows = await this.exec<{ n: number }>(
      `WITH gone AS (DELETE FROM "SearchDocument" WHERE type = $1 AND NOT ("refId" = ANY($2::text[])) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [type, keep],
    );
    return rows[0]?.n ?? 0;
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const plan = planQuery(request.query);
    const empty: SearchResult = { hits: [], total: 0, page: request.page, pageSize: request.pageSize, facets: { type: [], org: [], year: [] }, normalizedQuery: plan.normalized, tookMs: 0 };
    const tsquery = tsqueryOf(plan);
    if (!tsquery || request.tokens.length === 0) return { ...empty, tookMs: performance.now() - started };
    const substring = [...plan.normalized].length >= 3 ? likePattern(plan.normalized) : null;
    const filters = request.filters ?? {};
    // $1 tsquery, $2 tokens, $3 substring pattern (or null), $4 normalised query
    const match = `d.acl && $2::text[] AND (d.tsv @@ to_tsquery('simple', $1) OR ($3::text IS NOT NULL AND d."titleNorm" LIKE $3))`;
    const base = [tsquery, [...request.tokens], substring, plan.normalized];
    const narrowed = `${match} AND $4::text IS NOT NULL AND ($5::text[] IS NULL OR d.type = ANY($5::text[])) AND ($6::uuid IS NULL OR d."orgId" = $6::uuid) AND ($7::int IS NULL OR d.year = $7::int)`;
    const filterParams = [filters.types && filters.types.length > 0 ? [...filters.types] : null, filters.orgId ?? null, filters.year ?? null];
    const offset = (request.page - 1) * request.pageSize;
    const rows = await this.exec<{
      type: SearchType; refId: string; title: string; titleNorm: string; body: string; bodyNorm: string;
      orgId: string | null; orgName: string | null; year: number | null; at: Date | null; url: string; total: number;
    }>(
      `SELECT d.type, d."refId", d.title, d."titleNorm", left(d.body, 4000) AS body, left(d."bodyNorm", 4000) AS "bodyNorm", d."orgId"::text AS "orgId", d."orgName", d.year, d.at, d.url,
              count(*) OVER ()::int AS total
       FROM "SearchDocument" d
       WHERE ${narrowed}
       ORDER BY ts_rank(d."titleTsv", to_tsquery('simple', $1), 1)
                + CASE WHEN d."titleNorm" = $4 THEN 4 WHEN d."titleNorm" LIKE ($4 || '%') THEN 1 WHEN strpos(d."titleNorm", $4) > 0 THEN 0.6 ELSE 0 END DESC,
                d.at DESC NULLS LAST, d.key
       LIMIT $8 OFFSET $9`,
      [...base, ...filterParams, request.pageSize, offset],
    );
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && offset > 0) {
      const counted = await this.exec<{ n: number }>(`SELECT count(*)::int AS n FROM "SearchDocument" d WHERE ${narrowed}`, [...base, ...filterParams]);
      total = counted[0]?.n ?? 0;
    }
    const facetRows = await this.exec<{ type: string | null; orgId: string | null; orgName: string | null; year: number | null; facet: string; n: number }>(
      `SELECT d.type, d."orgId"::text AS "orgId", max(d."orgName") AS "orgName", d.year,
              CASE WHEN GROUPING(d.type) = 0 THEN 'type' WHEN GROUPING(d."orgId") = 0 THEN 'org' ELSE 'year' END AS facet, count(*)::int AS n
       FROM "SearchDocument" d WHERE ${match}
       GROUP BY GROUPING SETS ((d.type), (d."orgId"), (d.year))`,
      base.slice(0, 3),
    );
    const facets: SearchResult["facets"] = { type: [], org: [], year: [] };
    for (const f of facetRows) {
      if (f.facet === "type" && f.type) facets.type.push({ value: f.type, label: f.type, count: f.n });
      else if (f.facet === "org" && f.orgId) facets.org.push({ value: f.orgId, label: f.orgName ?? "", count: f.n });
      else if (f.facet === "year" && f.year !== null) facets.year.push({ value: String(f.year), label: String(f.year), count: f.n });
    }
    const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || a.label.localeCompare(b.label);
    facets.type.sort((a, b) => (TYPE_ORDER[a.value as SearchType] ?? 9) - (TYPE_ORDER[b.value as SearchType] ?? 9));
    facets.org.sort(byCount).splice(12);
    facets.year.sort((a, b) => Number(b.value) - Number(a.value));
    return {
      hits: rows.map((r) => ({
        type: r.type,
        id: r.refId,
        title: highlight(r.title, r.titleNorm, plan.marks),
        snippet: snippetOf(r.body, r.bodyNorm, plan.marks),
        orgId: r.orgId,
        orgName: r.orgName,
        year: r.year,
        at: r.at,
        url: r.url,
      })),
      total,
      page: request.page,
      pageSize: request.pageSize,
      facets,
      normalizedQuery: plan.normalized,
      tookMs: performance.now() - started,
    };
  }

  async health(): Promise<EngineHealth> {
    try {
      const rows = await this.exec<{ n: number }>(`SELECT count(*)::int AS n FROM "SearchDocument"`, []);
      return { engine: "embedded", ok: true, documents: rows[0]?.n ?? 0 };
    } catch (error) {
      return { engine: "embedded", ok: false, documents: null, detail: (error as Error).message };
    }
  }
}

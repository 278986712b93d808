// The embedded engine: the "SearchDocument" table in the platform's own PostgreSQL (migration
// 20261204230000_search). It runs its SQL through the executor it is given, so that services
// can index inside the transaction that writes the facts (docs/decisions/0601-search-engines.md).
import type { SearchType } from "@dangjian/core";
import {
  CANDIDATE_LIMIT,
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

const HAN = /\p{Script=Han}/u;

function pairsOf(run: string): string[] {
  const chars = [...run];
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
  return pairs;
}

/** One word of the query; `last` is the word being typed (a prefix is enough). */
function wordTerm(word: string, last: boolean): string {
  const chars = [...word];
  if (!HAN.test(word)) return lexeme(word, true);
  // a character alone is all the user typed so far: titles index each of their characters
  // (prepareDocument), so it is one exact key, not a prefix over every word it starts
  if (chars.length === 1) return lexeme(word);
  if (chars.length === 2) return last ? `(${lexeme(word)} | ${lexeme(word, true)})` : lexeme(word);
  return `(${lexeme(word)} | (${pairsOf(word)
    .map((p) => lexeme(p))
    .join(" & ")}))`;
}

/**
 * The tsquery text for a plan: every word must match. Words jieba cut from one run of Han
 * characters also match as the run's two-character pieces (every document indexes those), so
 * 柏树村 finds 柏树村 without looking up every word that starts with 村; and as separate words,
 * so 河口主题党日 still finds 河口 … 主题党日.
 */
export function tsqueryOf(plan: QueryPlan): string | null {
  if (plan.words.length === 0) return null;
  // group the words into the runs of Han characters they came from
  const groups: string[][] = [];
  let cursor = 0;
  for (const word of plan.words) {
    const at = plan.normalized.indexOf(word, cursor);
    const group = groups[groups.length - 1];
    if (at === cursor && group && HAN.test(word) && HAN.test(group[group.length - 1]!)) group.push(word);
    else groups.push([word]);
    if (at >= 0) cursor = at + word.length;
  }
  const parts = groups.map((group, g) => {
    const lastGroup = g === groups.length - 1;
    const terms = group.map((w, i) => wordTerm(w, lastGroup && i === group.length - 1));
    if (group.length === 1) return terms[0]!;
    const pairs = pairsOf(group.join("")).map((p) => lexeme(p));
    return `((${pairs.join(" & ")}) | (${terms.join(" & ")}))`;
  });
  const all = parts.join(" & ");
  return plan.pinyin && plan.words.length > 1 ? `(${all}) | ${lexeme(plan.pinyin, true)}` : all;
}

/** One character (or letter) typed: only titles, other names and pinyin are looked at. */
export function titleOnly(plan: QueryPlan): boolean {
  return [...plan.normalized.replace(/\s+/g, "")].length <= 1;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The candidate set as CTEs named `<name>_t`, `<name>_b`, `<name>_s` and `<name>`: documents
 * whose title (or other names, pinyin) matches, then those matching only in the body, then
 * title substrings (pg_trgm) the words missed; each tier stops at the bound (`bound` = bound + 1), a
 * later tier only fills what the earlier left, and a document is in one tier only. The scope
 * ($2) is part of every index condition: the GIN indexes hold (words, acl) together.
 */
function candidateSql(
  name: string,
  narrow: readonly string[],
  like: string | null,
  body: boolean,
  facetsOnly = false,
  bound = "$4",
): string {
  // as a sub-select the query is a value the planner does not look into: it always takes the
  // GIN index (a broad word otherwise tempts it into a sequential scan that stops at the bound)
  const q = `(SELECT to_tsquery('simple', $1))`;
  // the facets need no rank, date or title (ADR 0607)
  const cols = facetsOnly
    ? `d.key, d.type, d."orgId", d."orgName", d.year`
    : `d.key, d.type, d."orgId", d."orgName", d.year, d.at, d."titleNorm"`;
  const rank = facetsOnly ? "" : `, ts_rank(d."titleTsv", ${q}, 1) AS r`;
  const zero = facetsOnly ? "" : `, 0::real AS r`;
  const extra = narrow.map((c) => ` AND ${c}`).join("");
  // A later tier runs only when the earlier ones stopped short of the bound, i.e. returned every
  // document they match: "not in an earlier tier" is then the earlier tiers' keys (a hashed lookup),
  // not the earlier tiers' conditions again, which would read each candidate's word vectors — for
  // the substring tier the whole body's (ADR 0607). Matching is monotone in the words (& and | only),
  // so a title match is also a match of the whole vector: the body tier holds every other match.
  const tiers = [
    `${name}_t AS (SELECT ${cols}${rank} FROM "SearchDocument" d
       WHERE d."titleTsv" @@ ${q} AND d.acl && $2::text[]${extra} LIMIT ${bound})`,
    `${name}_b AS (SELECT ${cols}${zero} FROM "SearchDocument" d
       WHERE d.tsv @@ ${q} AND d.acl && $2::text[] AND d.key NOT IN (SELECT key FROM ${name}_t)${extra}
       LIMIT ${body ? `(SELECT ${bound} - count(*) FROM ${name}_t)` : "0"})`,
  ];
  if (like) {
    // without the body tier (one character typed: never with a substring) the word condition stays
    const notMatched = body
      ? `d.key NOT IN (SELECT key FROM ${name}_t UNION ALL SELECT key FROM ${name}_b)`
      : `NOT (d.tsv @@ ${q})`;
    tiers.push(`${name}_s AS (SELECT ${cols}${zero} FROM "SearchDocument" d
       WHERE d."titleNorm" LIKE ${like} AND d.acl && $2::text[] AND ${notMatched}${extra}
       LIMIT (SELECT ${bound} - count(*) FROM (SELECT 1 FROM ${name}_t UNION ALL SELECT 1 FROM ${name}_b) n))`);
  }
  const union = [
    `SELECT * FROM ${name}_t`,
    `SELECT * FROM ${name}_b`,
    ...(like ? [`SELECT * FROM ${name}_s`] : []),
  ].join(" UNION ALL ");
  return `${tiers.join(",\n      ")},\n      ${name} AS (${union})`;
}

const TYPE_ORDER: Record<SearchType, number> = {
  course: 0,
  lesson: 1,
  meeting: 2,
  notice: 3,
  task: 4,
  org: 5,
  member: 6,
  file: 7,
  need: 8,
  resource: 9,
};

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
    await this.exec(`DELETE FROM "SearchDocument" WHERE key = ANY($1::text[])`, [
      refs.map((r) => documentKey(r.type, r.id)),
    ]);
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
    const empty: SearchResult = {
      hits: [],
      total: 0,
      totalCapped: false,
      page: request.page,
      pageSize: request.pageSize,
      facets: { type: [], org: [], year: [] },
      facetsCapped: false,
      normalizedQuery: plan.normalized,
      tookMs: 0,
    };
    const tsquery = tsqueryOf(plan);
    if (!tsquery || request.tokens.length === 0) return { ...empty, tookMs: performance.now() - started };
    // A title holding a run of Han characters holds each of its pairs, which the words' query already
    // accepts (tsqueryOf): for such a query the substring tier cannot add a document (ADR 0607)
    const coveredByPairs = /^\p{Script=Han}+$/u.test(plan.normalized) && plan.words.join("") === plan.normalized;
    const substring = [...plan.normalized].length >= 3 && !coveredByPairs ? likePattern(plan.normalized) : null;
    const filters = request.filters ?? {};
    const offset = (request.page - 1) * request.pageSize;
    // $1 tsquery, $2 tokens, $3 normalised query, $4 bound + 1, $5 first rank shown, $6 last rank shown,
    // then the substring pattern and the facet filters, numbered as they are added
    const params: unknown[] = [
      tsquery,
      [...request.tokens],
      plan.normalized,
      CANDIDATE_LIMIT + 1,
      offset,
      offset + request.pageSize,
    ];
    const param = (value: unknown, cast: string) => `$${params.push(value)}::${cast}`;
    const like = substring ? param(substring, "text") : null;
    const narrow: string[] = [];
    // facet filters are keys of the same GIN indexes ("facetKeys": t:<type>, y:<year>, o:<org>)
    if (filters.types && filters.types.length > 0)
      narrow.push(
        `d."facetKeys" && ${param(
          filters.types.map((t) => `t:${t}`),
          "text[]",
        )}`,
      );
    if (filters.orgId) narrow.push(`d."facetKeys" @> ${param([`o:${filters.orgId.toLowerCase()}`], "text[]")}`);
    if (filters.year !== undefined)
      narrow.push(`d."facetKeys" @> ${param([`y:${Math.trunc(filters.year)}`], "text[]")}`);
    const narrowed = narrow.length > 0;
    const body = !titleOnly(plan);
    const facetsOf = (chain: string, bound: string) => `(SELECT coalesce(json_agg(g), '[]'::json) FROM (
           SELECT x.type, x."orgId"::text AS "orgId", max(x."orgName") AS "orgName", x.year,
                  CASE WHEN GROUPING(x.type) = 0 THEN 'type' WHEN GROUPING(x."orgId") = 0 THEN 'org' ELSE 'year' END AS facet, count(*)::int AS n
           FROM (SELECT * FROM ${chain} LIMIT ${bound} - 1) x
           GROUP BY GROUPING SETS ((x.type), (x."orgId"), (x.year))) g) AS facets`;
    const statement = `WITH ${candidateSql("c", narrow, like, body)},
      ranked AS (
        SELECT c.key, row_number() OVER (
                 ORDER BY c.r + CASE WHEN c."titleNorm" = $3 THEN 4 WHEN c."titleNorm" LIKE ($3 || '%') THEN 1 WHEN strpos(c."titleNorm", $3) > 0 THEN 0.6 ELSE 0 END DESC,
                          c.at DESC NULLS LAST, c.key) AS n
        FROM c)
      SELECT (SELECT count(*)::int FROM c) AS total,
        (SELECT coalesce(json_agg(h ORDER BY h.n), '[]'::json) FROM (
           SELECT r.n, d.type, d."refId", d.title, d."titleNorm", left(d.body, 4000) AS body, left(d."bodyNorm", 4000) AS "bodyNorm",
                  d."orgId"::text AS "orgId", d."orgName", d.year, d.at, d.url
           FROM ranked r JOIN "SearchDocument" d ON d.key = r.key
           WHERE r.n > $5 AND r.n <= $6 AND r.n <= $4 - 1) h) AS hits${narrowed ? "" : `,\n        ${facetsOf("c", "$4")}`}`;
    // With a facet filter the facets come from the same query without the filter (so that the user
    // sees the other years and types to switch to): a second candidate chain, as its own statement
    // run beside the first — on a pool they take two connections and run in parallel (ADR 0607).
    // Only the columns the facets group by; $1 tsquery, $2 tokens, $3 bound + 1, $4 substring pattern.
    const facetStatement = narrowed
      ? `WITH ${candidateSql("f", [], substring ? "$4::text" : null, body, true, "$3")}
      SELECT (SELECT count(*)::int FROM f) AS "facetRows", ${facetsOf("f", "$3")}`
      : null;
    type FacetRow = {
      type: string | null;
      orgId: string | null;
      orgName: string | null;
      year: number | null;
      facet: string;
      n: number;
    };
    type HitRow = {
      type: SearchType;
      refId: string;
      title: string;
      titleNorm: string;
      body: string;
      bodyNorm: string;
      orgId: string | null;
      orgName: string | null;
      year: number | null;
      at: string | null;
      url: string;
    };
    const [[row], facetRows] = await Promise.all([
      this.exec<{ total: number; hits: HitRow[]; facets?: FacetRow[] }>(statement, params),
      facetStatement
        ? this.exec<{ facetRows: number; facets: FacetRow[] }>(facetStatement, [
            tsquery,
            [...request.tokens],
            CANDIDATE_LIMIT + 1,
            ...(substring ? [substring] : []),
          ])
        : Promise.resolve(null),
    ]);
    const facetSource = facetRows ? facetRows[0] : row ? { facetRows: row.total, facets: row.facets ?? [] } : undefined;
    const found = row?.total ?? 0;
    const facets: SearchResult["facets"] = { type: [], org: [], year: [] };
    for (const f of facetSource?.facets ?? []) {
      if (f.facet === "type" && f.type) facets.type.push({ value: f.type, label: f.type, count: f.n });
      else if (f.facet === "org" && f.orgId) facets.org.push({ value: f.orgId, label: f.orgName ?? "", count: f.n });
      else if (f.facet === "year" && f.year !== null)
        facets.year.push({ value: String(f.year), label: String(f.year), count: f.n });
    }
    const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || a.label.localeCompare(b.label);
    facets.type.sort((a, b) => (TYPE_ORDER[a.value as SearchType] ?? 9) - (TYPE_ORDER[b.value as SearchType] ?? 9));
    facets.org.sort(byCount).splice(12);
    facets.year.sort((a, b) => Number(b.value) - Number(a.value));
    return {
      hits: (row?.hits ?? []).map((r) => ({
        type: r.type,
        id: r.refId,
        title: highlight(r.title, r.titleNorm, plan.marks),
        snippet: snippetOf(r.body, r.bodyNorm, plan.marks),
        orgId: r.orgId,
        orgName: r.orgName,
        year: r.year,
        at: r.at === null ? null : new Date(r.at),
        url: r.url,
      })),
      total: Math.min(found, CANDIDATE_LIMIT),
      totalCapped: found > CANDIDATE_LIMIT,
      // the facets were counted over the first 1,000 of more matches: their counts are not exact
      facetsCapped: (facetSource?.facetRows ?? 0) > CANDIDATE_LIMIT,
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

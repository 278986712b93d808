// The search engine interface both engines implement (docs/decisions/0601-search-engines.md).
import type { SearchType } from "@dangjian/core";
import { bigrams, isHan, normalizeText, pinyinTokens, segment, segmentForSearch, truncateChars } from "./normalize.ts";

/** A document as the indexer builds it from the facts (original text; the engines normalise). */
export interface SearchDocument {
  type: SearchType;
  id: string;
  title: string;
  /** longer text: description, minutes, captions, body */
  body?: string | null;
  /** other names it is known by (former names, category, short name) */
  keywords?: readonly string[];
  /** a person: the title is read with surname pinyin (单 shan, 曾 zeng) */
  personName?: boolean;
  orgId: string | null;
  orgName: string | null;
  at: Date | null;
  /** path inside the platform, e.g. /school/courses/… */
  url: string;
  /** access tokens (core/search/acl.ts) */
  acl: readonly string[];
}

export function documentKey(type: SearchType, id: string): string {
  return `${type}_${id}`;
}

/** Longest text indexed per document; minutes beyond it are not searchable. */
export const MAX_BODY_CHARS = 20_000;
/**
 * The most documents a query looks at (docs/decisions/0602-bounded-search.md). Ranking, the total
 * and the facets are computed over at most this many in-scope matches, each found through an
 * index that holds both the words and the access tokens; beyond it the total reads "1,000+".
 */
export const CANDIDATE_LIMIT = 1000;
/** Longest query looked at (characters after normalisation). */
export const MAX_QUERY_CHARS = 64;

/** The normalised fields both engines store. */
export interface PreparedDocument {
  key: string;
  type: SearchType;
  refId: string;
  orgId: string | null;
  orgName: string | null;
  title: string;
  body: string;
  titleNorm: string;
  bodyNorm: string;
  /** space-separated words and two-character pieces of the title */
  titleTokens: string;
  keywordTokens: string;
  pinyinTokens: string;
  bodyTokens: string;
  year: number | null;
  at: Date | null;
  url: string;
  acl: string[];
}

function words(text: string): string[] {
  return [...new Set([...segmentForSearch(text), ...bigrams(text)])];
}

export function prepareDocument(doc: SearchDocument): PreparedDocument {
  const title = doc.title.trim();
  const body = truncateChars(doc.body ?? "", MAX_BODY_CHARS);
  const titleNorm = normalizeText(title);
  const bodyNorm = normalizeText(body);
  const keywordsNorm = normalizeText((doc.keywords ?? []).join(" "));
  return {
    key: documentKey(doc.type, doc.id),
    type: doc.type,
    refId: doc.id,
    orgId: doc.orgId,
    orgName: doc.orgName,
    title,
    body,
    titleNorm,
    bodyNorm,
    // single characters too: a query of one character is looked up in titles only, as one key
    titleTokens: [...new Set([...words(titleNorm), ...(titleNorm.match(/\p{Script=Han}/gu) ?? [])])].join(" "),
    keywordTokens: words(keywordsNorm).join(" "),
    pinyinTokens: [
      ...new Set([...pinyinTokens(titleNorm, { personName: doc.personName ?? false }), ...pinyinTokens(keywordsNorm)]),
    ].join(" "),
    bodyTokens: words(bodyNorm).join(" "),
    year: doc.at ? doc.at.getUTCFullYear() : null,
    at: doc.at,
    url: doc.url,
    acl: [...new Set(doc.acl)],
  };
}

export interface SearchFilters {
  types?: readonly SearchType[] | undefined;
  orgId?: string | undefined;
  year?: number | undefined;
}

export interface SearchRequest {
  query: string;
  /** the actor's access tokens: computed on the server, never taken from the client */
  tokens: readonly string[];
  filters?: SearchFilters;
  page: number;
  pageSize: number;
}

export interface TextPiece {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  type: SearchType;
  id: string;
  title: TextPiece[];
  snippet: TextPiece[];
  orgId: string | null;
  orgName: string | null;
  year: number | null;
  at: Date | null;
  url: string;
}

export interface FacetCount {
  value: string;
  label: string;
  count: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** matches in scope; at most the engine's bound (1,000) */
  total: number;
  /** there are more matches than `total`: show "1,000+", rank and facets cover the first 1,000 */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  facets: { type: FacetCount[]; org: FacetCount[]; year: FacetCount[] };
  /**
   * the facets (always those of the query without its facet filters) were counted over the first
   * 1,000 of more matches: show their values without counts. Unset: exact.
   */
  facetsCapped?: boolean;
  /** the query as the engines saw it (normalised, shortened) */
  normalizedQuery: string;
  tookMs: number;
}

export interface EngineHealth {
  engine: "embedded" | "meilisearch";
  ok: boolean;
  documents: number | null;
  detail?: string;
}

export interface SearchEngine {
  readonly name: "embedded" | "meilisearch";
  applySettings(): Promise<void>;
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** removes by (type, id) */
  delete(refs: ReadonlyArray<{ type: SearchType; id: string }>): Promise<void>;
  search(request: SearchRequest): Promise<SearchResult>;
  health(): Promise<EngineHealth>;
}

/** The query as both engines use it. `words` empty means there is nothing to look for. */
export interface QueryPlan {
  normalized: string;
  words: string[];
  /** letters only, spaces removed: may be pinyin or initials */
  pinyin: string | null;
  /** terms to mark in results */
  marks: string[];
}

export function planQuery(raw: string): QueryPlan {
  const normalized = truncateChars(normalizeText(raw).replace(/\s+/g, " ").trim(), MAX_QUERY_CHARS);
  const ws = segment(normalized);
  const letters = normalized.replace(/\s+/g, "");
  const pinyin = /^[a-z]{1,40}$/.test(letters) ? letters : null;
  const marks = new Set<string>();
  for (const w of ws) {
    marks.add(w);
    if (isHan(w) && w.length > 2) for (const b of bigrams(w)) marks.add(b);
  }
  return { normalized, words: ws, pinyin, marks: [...marks].sort((a, b) => b.length - a.length) };
}

/**
 * Cuts `original` into pieces marking every occurrence of a mark. Positions come from the
 * normalised text, which has the original's length for ordinary text; otherwise the normalised
 * text is shown.
 */
export function highlight(original: string, normalized: string, marks: readonly string[]): TextPiece[] {
  const shown = original.length === normalized.length ? original : normalized;
  if (!shown) return [];
  const hit = new Array<boolean>(normalized.length).fill(false);
  for (const mark of marks) {
    if (!mark) continue;
    let from = 0;
    for (;;) {
      const at = normalized.indexOf(mark, from);
      if (at < 0) break;
      for (let i = at; i < at + mark.length; i++) hit[i] = true;
      from = at + mark.length;
    }
  }
  const pieces: TextPiece[] = [];
  for (let i = 0; i < shown.length; i++) {
    const last = pieces[pieces.length - 1];
    if (last && last.hit === hit[i]) last.text += shown[i];
    else pieces.push({ text: shown[i]!, hit: hit[i]! });
  }
  return pieces;
}

/** A window of about `size` characters of the body around its first mark. */
export function snippetOf(body: string, bodyNorm: string, marks: readonly string[], size = 80): TextPiece[] {
  if (!bodyNorm) return [];
  let first = -1;
  for (const mark of marks) {
    const at = bodyNorm.indexOf(mark);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = Math.max(0, first < 0 ? 0 : first - Math.floor(size / 3));
  const end = Math.min(bodyNorm.length, start + size);
  const sameLength = body.length === bodyNorm.length;
  const pieces = highlight(
    sameLength ? body.slice(start, end) : bodyNorm.slice(start, end),
    bodyNorm.slice(start, end),
    marks,
  );
  if (start > 0) pieces.unshift({ text: "…", hit: false });
  if (end < bodyNorm.length) pieces.push({ text: "…", hit: false });
  return pieces;
}

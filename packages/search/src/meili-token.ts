// Tenant tokens for Meilisearch (ADR 0604): each search is sent with a short-lived JWT signed
// with a search API key, whose search rules carry the actor's scope as a filter. Meilisearch
// applies that filter to every search made with the token, whatever the request says: the
// scope holds even if a request's own filter were wrong.
import { generateTenantToken } from "meilisearch/token";

/** A value inside a Meilisearch filter string: always quoted, quotes and backslashes escaped. */
export function filterValue(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

export interface TenantKey {
  /** a Meilisearch API key allowed to search the index (never the master key) */
  apiKey: string;
  /** that key's uid (GET /keys) */
  apiKeyUid: string;
}

/** How long a tenant token is valid; one is made per search, so this only bounds a leaked one. */
export const TENANT_TOKEN_TTL_SEC = 300;

/** The filter a tenant token carries: the actor's access tokens, every value quoted and escaped. */
export function scopeFilter(tokens: readonly string[]): string {
  return `acl IN [${tokens.map(filterValue).join(", ")}]`;
}

export async function tenantToken(
  key: TenantKey,
  indexUid: string,
  tokens: readonly string[],
  now: Date = new Date(),
  ttlSec = TENANT_TOKEN_TTL_SEC,
): Promise<string> {
  if (tokens.length === 0) throw new Error("a tenant token needs at least one access token");
  return generateTenantToken({
    apiKey: key.apiKey,
    apiKeyUid: key.apiKeyUid,
    searchRules: { [indexUid]: { filter: scopeFilter(tokens) } },
    expiresAt: Math.floor(now.getTime() / 1000) + ttlSec,
    algorithm: "HS256",
  });
}

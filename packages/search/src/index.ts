export * from "./engine.ts";
export * from "./normalize.ts";
export { EmbeddedEngine, tsqueryOf, type SqlExecutor } from "./embedded.ts";
export { MeiliEngine, filterFor, filterValue, type MeiliConfig } from "./meili.ts";
export { captionText } from "./vtt.ts";
export { tenantToken, scopeFilter, TENANT_TOKEN_TTL_SEC, type TenantKey } from "./meili-token.ts";

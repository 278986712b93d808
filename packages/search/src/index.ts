export * from "./engine.ts";
export * from "./normalize.ts";
export { EmbeddedEngine, tsqueryOf, type SqlExecutor } from "./embedded.ts";
export { MeiliEngine, filterFor, filterValue, type MeiliConfig } from "./meili.ts";
export { captionText } from "./vtt.ts";

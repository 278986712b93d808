export * from "./engine.ts";
export * from "./normalize.ts";
export { EmbeddedEngine, tsqueryOf, type SqlExecutor } from "./embedded.ts";
